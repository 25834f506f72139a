// Option checks shared by the clustering modules: a bad option is a 400-kind InputError naming it.
import { InputError } from '../errors';

export function checkInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError('invalid', 'invalid_parameter', `${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

export function checkNumber(name: string, value: number, min: number, minInclusive = true): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (minInclusive ? value < min : value <= min)) {
    throw new InputError(
      'invalid',
      'invalid_parameter',
      `${name} must be a finite number ${minInclusive ? '>=' : '>'} ${min}, got ${value}`,
    );
  }
  return value;
}
