// Types for the two pure-JS codec entry points we import by path (their packages type only their main entries).

declare module 'jpeg-js/lib/decoder.js' {
  interface JpegJsOptions {
    useTArray: true;
    formatAsRGBA?: boolean;
    colorTransform?: boolean;
    tolerantDecoding?: boolean;
    maxResolutionInMP?: number;
    maxMemoryUsageInMB?: number;
  }
  export default function decode(
    bytes: Uint8Array,
    options: JpegJsOptions,
  ): { width: number; height: number; data: Uint8Array; exifBuffer?: Uint8Array };
}

declare module 'exifr/dist/lite.esm.mjs' {
  /** EXIF orientation 1..8, or undefined without an orientation tag. Throws on formats it does not parse (PNG). */
  export function orientation(input: Uint8Array): Promise<number | undefined>;
}
