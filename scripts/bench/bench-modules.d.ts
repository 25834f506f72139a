// Types for the bench-only Worker files bundled by wrangler: a `.bin` import arrives as an ArrayBuffer (wrangler.toml's
// Data rule), as functions/worker-configuration.d.ts declares for the Worker.
declare module '*.bin' {
  const data: ArrayBuffer;
  export default data;
}
