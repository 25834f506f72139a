// Describes a built model for metrics.json: layers, parameter count and forward-pass FLOPs per image.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayerSummary } from '../../functions/core/model-metrics';

/** The last output shape of a layer, batch dimension null. */
function outputShape(layer: tfl.layers.Layer): (number | null)[] {
  const shape = layer.outputShape;
  return (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
}

export function summarizeLayers(model: tfl.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: outputShape(layer),
    params: layer.countParams(),
  }));
}

/**
 * Forward FLOPs for one image: 2 x the multiply-adds of Conv2D and Dense layers (the work that dominates;
 * bias adds, activations and pooling are left out, as is usual when quoting FLOPs of a CNN).
 */
export function flopsPerImage(model: tfl.LayersModel): number {
  let multiplyAdds = 0;
  for (const layer of model.layers) {
    const type = layer.getClassName();
    const out = outputShape(layer).slice(1) as number[];
    const input = (layer.inputSpec?.[0]?.shape ?? (layer.input as { shape: (number | null)[] }).shape).slice(1) as number[];
    if (type === 'Conv2D') {
      const [kh, kw] = (layer.getConfig().kernelSize as number[]);
      const inChannels = input[input.length - 1];
      multiplyAdds += out[0] * out[1] * out[2] * kh * kw * inChannels;
    } else if (type === 'Dense') {
      multiplyAdds += input[input.length - 1] * out[out.length - 1];
    }
  }
  return 2 * multiplyAdds;
}
