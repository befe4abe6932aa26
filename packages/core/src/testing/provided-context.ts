/** What the global setup hands every test file: `inject('databaseServerUrl')`. */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
  }
}

export {};
