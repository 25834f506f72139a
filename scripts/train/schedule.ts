// Learning rate per optimiser step: constant, or linear warm-up then cosine decay to a floor.

export interface ScheduleOptions {
  kind: 'constant' | 'cosine';
  /** Epochs of linear warm-up from a tenth of the peak rate (cosine only). Default 0. */
  warmupEpochs?: number;
  /** The rate reached at the very last step (cosine only). Default 0. */
  finalLearningRate?: number;
}

/**
 * Returns `step -> learning rate` for steps 0 .. totalSteps-1. Warm-up first because Adam's first steps are large
 * relative to fresh He-initialised weights; cosine because it spends most steps at high rates and still ends
 * with a few epochs of small ones, which is where the last tenths of a percent of accuracy come from.
 */
export function learningRateSchedule(
  peak: number,
  totalSteps: number,
  stepsPerEpoch: number,
  options: ScheduleOptions = { kind: 'constant' },
): (step: number) => number {
  if (options.kind === 'constant') return () => peak;
  const warmup = Math.min(totalSteps - 1, Math.round((options.warmupEpochs ?? 0) * stepsPerEpoch));
  const floor = options.finalLearningRate ?? 0;
  return (step) => {
    if (step < warmup) return peak * (0.1 + (0.9 * step) / warmup);
    const span = Math.max(1, totalSteps - 1 - warmup);
    const t = Math.min(1, (step - warmup) / span);
    return floor + ((peak - floor) * (1 + Math.cos(Math.PI * t))) / 2;
  };
}
