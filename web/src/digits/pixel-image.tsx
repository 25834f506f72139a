// The 28x28 image the model saw (the API's `preprocessed`, 0..1, white ink on black), scaled up without smoothing.
import { useEffect, useRef } from 'preact/hooks';
import { IMAGE_SIZE } from '../../../functions/core/digit-contract';

export function PixelImage({ pixels }: { pixels: number[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    const img = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
    for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
      const v = Math.round(Math.min(1, Math.max(0, pixels[i] ?? 0)) * 255);
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels]);
  return (
    <canvas
      ref={ref}
      class="seen"
      width={IMAGE_SIZE}
      height={IMAGE_SIZE}
      role="img"
      aria-label="The 28 by 28 pixel image the model saw"
      data-testid="preprocessed"
    />
  );
}
