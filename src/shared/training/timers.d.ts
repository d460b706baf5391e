// The one timer the trainer needs. Both hosts (Node worker threads, Web Workers) provide it; src/shared
// has neither DOM nor Node types, so it is declared here instead of pulling either in.
declare function setTimeout(callback: () => void, ms?: number): unknown;
