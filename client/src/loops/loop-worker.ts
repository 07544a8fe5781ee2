import { analyseLoops } from '@causal-map/shared/analysis/loops';
import { type LoopWorkerReply, type LoopWorkerRequest, packAnalysis, packedBuffers } from './loop-messages';

// Finds a large map's loops off the main thread, so typing and dragging never wait for it.
self.addEventListener('message', (event: MessageEvent<LoopWorkerRequest>) => {
  const { seq, input } = event.data;
  let reply: LoopWorkerReply;
  try {
    const started = performance.now();
    const packed = packAnalysis(analyseLoops(input));
    reply = { seq, ok: true, packed, ms: performance.now() - started };
    self.postMessage(reply, { transfer: packedBuffers(packed) });
  } catch (error) {
    reply = { seq, ok: false, message: error instanceof Error ? error.message : String(error) };
    self.postMessage(reply);
  }
});
