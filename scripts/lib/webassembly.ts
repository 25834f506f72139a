// The WebAssembly API the scripts and their tests use: the scripts' TS config has Node's types, which omit it.
export interface WebAssemblyApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): { module: string; name: string }[] };
  Instance: new (module: object, imports?: object) => { exports: unknown };
  CompileError: new () => Error;
  instantiate(module: object, imports: object): Promise<{ exports: unknown }>;
}

export const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
