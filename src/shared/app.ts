// What the app tells the renderer about itself.

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  dbPath: string;
  /** Absolute path of the bundled sample ratings file. */
  samplePath: string;
}
