// Types for jpeg-js's encoder, which the memory and fuzz tests use to make JPEGs inside workerd.
declare module 'jpeg-js/lib/encoder.js' {
  export default function encode(
    image: { data: Uint8Array; width: number; height: number },
    quality?: number,
  ): { data: Uint8Array; width: number; height: number };
}
