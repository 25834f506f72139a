// Types for modules only the memory and fuzz tests import: jpeg-js's encoder, and fixture files as data URLs.
declare module 'jpeg-js/lib/encoder.js' {
  export default function encode(
    image: { data: Uint8Array; width: number; height: number },
    quality?: number,
  ): { data: Uint8Array; width: number; height: number };
}

/** Vite's `?inline`: the file as a `data:<type>;base64,...` URL. */
declare module '*?inline' {
  const dataUrl: string;
  export default dataUrl;
}
