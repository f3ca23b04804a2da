// Hands text the page made (a study's trials, its best config) to the browser's downloads, under a given name.
export function saveText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; the URL is not needed after it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
