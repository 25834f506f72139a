// The served model's directory, for Node code (tests, benchmarks) that reads the same files from disk.
export const SERVED_MODEL_DIR = 'model/default';
