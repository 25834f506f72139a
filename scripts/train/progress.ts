// Per-epoch progress bar (batch, loss, accuracy, ETA) that also writes sparse lines when stderr is not a terminal.
import cliProgress from 'cli-progress';

export interface EpochProgress {
  update(batch: number, loss: number, accuracy: number): void;
  stop(): void;
}

/** Without a TTY, one line every `notTtyEveryMs` keeps logs readable. */
export function epochProgress(epoch: number, epochs: number, batches: number, notTtyEveryMs = 15_000): EpochProgress {
  const bar = new cliProgress.SingleBar(
    {
      format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: notTtyEveryMs,
      etaBuffer: 50,
      hideCursor: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(batches, 0, { loss: '-', acc: '-' });
  return {
    update(batch, loss, accuracy) {
      bar.update(batch, { loss: loss.toFixed(4), acc: accuracy.toFixed(4) });
    },
    stop() {
      bar.stop();
    },
  };
}
