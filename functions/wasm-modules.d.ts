// wrangler turns a `.wasm` import into a compiled WebAssembly.Module (workerd cannot compile from bytes).
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
