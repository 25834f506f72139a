// The shape of misclassified.json: a model's misclassified MNIST test digits with their pixels, for the gallery.
import { IMAGE_PIXELS } from './digit-contract';

/** Length in base64 (with padding) of one digit's pixels, one byte each. */
export const DIGIT_BASE64_LENGTH = Math.ceil(IMAGE_PIXELS / 3) * 4;

export interface MisclassifiedDigit {
  /** Index in the MNIST test set (t10k), 0-based. */
  index: number;
  /** The true digit. */
  label: number;
  /** The model's digit (argmax of its softmax). */
  predicted: number;
  /** The model's probability for `predicted`. */
  confidence: number;
  /** The 784 IDX bytes, row-major, white ink (255) on black (0), base64. */
  pixels: string;
}

export interface MisclassifiedFile {
  /** The recipe of the model these come from (metrics.json's `recipe`). */
  recipe: string;
  /** Size of the test set the indices refer to. */
  testImages: number;
  /** Ascending by index; the same indices as metrics.json's `test.misclassified`. */
  digits: MisclassifiedDigit[];
}
