// Request limits, read once per isolate from `[vars]` in wrangler.toml (documented in README.md, "Limits").
import { z } from 'zod';

export interface Limits {
  /** Largest request body, bytes (413 above it). */
  maxBodyBytes: number;
  /** Largest image, width x height, read from the file header before decoding (413 above it). */
  maxImagePixels: number;
  /** Most images in one multipart request (413 above it). */
  maxImagesPerRequest: number;
  /** Most points in one clustering request (413 above it). */
  maxPoints: number;
  /** Most dimensions per point (413 above it). */
  maxDimensions: number;
  /** Most numbers (points x dimensions) in one clustering request (413 above it). */
  maxValues: number;
  /** Largest clustering work estimate, in distance evaluations (422 above it). */
  maxWork: number;
  /** Extra origins allowed by CORS, besides the page's own and localhost. */
  allowedOrigins: string[];
}

export const defaultLimits: Limits = {
  maxBodyBytes: 5 * 1024 * 1024,
  // 2048 x 2048. Decoding peaks near 22 bytes a pixel (jpeg-js), so 4 MP stays well inside 128 MB.
  maxImagePixels: 2048 * 2048,
  maxImagesPerRequest: 100,
  maxPoints: 200_000,
  maxDimensions: 64,
  maxValues: 1_000_000,
  maxWork: 2_000_000_000,
  allowedOrigins: [],
};

const positiveInt = z.coerce.number().int().positive();

const varsSchema = z.object({
  MAX_BODY_BYTES: positiveInt.optional(),
  MAX_IMAGE_PIXELS: positiveInt.optional(),
  MAX_IMAGES_PER_REQUEST: positiveInt.optional(),
  MAX_POINTS: positiveInt.optional(),
  MAX_DIMENSIONS: positiveInt.optional(),
  MAX_VALUES: positiveInt.optional(),
  MAX_WORK: positiveInt.optional(),
  ALLOWED_ORIGINS: z.string().optional(),
});

let cached: { vars: unknown; limits: Limits } | undefined;

/** Parses the limits from the Worker's vars; a bad value fails loudly at the first request, not silently. */
export function limitsFrom(vars: Partial<Record<keyof z.infer<typeof varsSchema>, unknown>>): Limits {
  if (cached?.vars === vars) return cached.limits;
  const v = varsSchema.parse(vars);
  const limits: Limits = {
    maxBodyBytes: v.MAX_BODY_BYTES ?? defaultLimits.maxBodyBytes,
    maxImagePixels: v.MAX_IMAGE_PIXELS ?? defaultLimits.maxImagePixels,
    maxImagesPerRequest: v.MAX_IMAGES_PER_REQUEST ?? defaultLimits.maxImagesPerRequest,
    maxPoints: v.MAX_POINTS ?? defaultLimits.maxPoints,
    maxDimensions: v.MAX_DIMENSIONS ?? defaultLimits.maxDimensions,
    maxValues: v.MAX_VALUES ?? defaultLimits.maxValues,
    maxWork: v.MAX_WORK ?? defaultLimits.maxWork,
    allowedOrigins: (v.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
  cached = { vars, limits };
  return limits;
}
