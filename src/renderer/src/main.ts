// Renderer entry: mounts the app; the backend is reached only through ./api.
import { createApp } from 'vue';
// The one stylesheet first: components' scoped styles come after it and refine it.
import './styles/app.css';
import App from './App.vue';
import { applyPalette } from './styles/palette';

applyPalette(document.documentElement);
const app = createApp(App);
app.config.errorHandler = (err, _instance, info) => {
  // Errors of backend calls are shown by each view; what reaches here is a bug in the renderer.
  console.error(`renderer error (${info})`, err);
};
app.mount('#app');
