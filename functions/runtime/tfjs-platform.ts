// tfjs-core's platform in workerd, set before tfjs-core's own platform modules run: import this first.
//
// Why: workerd defines WorkerGlobalScope, so tfjs takes it for a browser and, while its modules evaluate,
// registers localStorage and IndexedDB model stores. Without `window` the first throws a ReferenceError
// (caught by tfjs), and an engine-made error thrown while the Worker's one big module evaluates cost ~19 ms
// in workerd (measured: a plain `throw new Error()` costs nothing, a TypeError or ReferenceError 17-19 ms
// each), a quarter of a fresh isolate's start. Here tfjs is told it is not in a browser and given the
// platform it needs (clock, fetch, text codecs, typed-array test), so its browser block never runs. The
// Worker neither saves models nor reads them from browser storage, so nothing is lost. IS_NODE is pinned to
// false too: it already is in workerd, but the tests run the Worker with Node compatibility, where tfjs would
// otherwise swap in its Node platform and the tests would not run what production runs.
import { env } from '@tensorflow/tfjs-core/dist/environment.js';
// Evaluates tfjs-core's engine (which creates the environment) and registers IS_BROWSER and the other flags.
import '@tensorflow/tfjs-core/dist/flags.js';
import { isTypedArrayBrowser } from '@tensorflow/tfjs-core/dist/platforms/is_typed_array_browser.js';
import type { Platform } from '@tensorflow/tfjs-core/dist/platforms/platform.js';

const encoder = new TextEncoder();

export const workerdPlatform: Platform = {
  fetch: (path, init) => fetch(path, init),
  now: () => performance.now(),
  encode(text, encoding) {
    if (encoding !== 'utf-8' && encoding !== 'utf8') throw new Error(`only utf-8 is supported, got ${encoding}`);
    return encoder.encode(text);
  },
  decode: (bytes, encoding) => new TextDecoder(encoding).decode(bytes),
  // tfjs's own browser test (a pure module, unlike the platform module that holds the browser block).
  isTypedArray: isTypedArrayBrowser,
};

// Imported after tfjs-core (a test importing the backend directly), the browser platform is already set
// and works: leave it, rather than have tfjs warn about a platform being replaced.
if (env().platform == null) {
  env().set('IS_BROWSER', false);
  env().set('IS_NODE', false);
  env().setPlatform('workerd', workerdPlatform);
}
