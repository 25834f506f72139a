// Vite's `?raw` imports (the file's text), used by the clustering worker tests to send housing.csv as it is.
declare module '*.csv?raw' {
  const text: string;
  export default text;
}
