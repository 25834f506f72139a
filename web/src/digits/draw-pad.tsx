// The drawing pad: pointer events (mouse, touch, pen), brush size, undo and clear; classifies when a stroke ends.
import { useEffect, useRef, useState } from 'preact/hooks';
import { brushSize, classifyDrawing, clearDrawing, strokes } from './digits-state';
import { PAD_SIZE, paintAll, paintStroke, type Stroke } from './strokes';

function toBlob(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

async function classifyCanvas(canvas: HTMLCanvasElement): Promise<void> {
  await classifyDrawing(strokes.value.length === 0 ? null : await toBlob(canvas));
}

export function DrawPad() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const active = useRef<{ pointerId: number; stroke: Stroke } | null>(null);
  const [penDown, setPenDown] = useState(false);

  useEffect(() => {
    paintAll(canvasRef.current!.getContext('2d')!, strokes.value);
  }, []);

  const pointAt = (e: PointerEvent): [number, number] => {
    const c = canvasRef.current!;
    const r = c.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * PAD_SIZE, ((e.clientY - r.top) / r.height) * PAD_SIZE];
  };

  const onDown = (e: PointerEvent) => {
    if (active.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    const c = canvasRef.current!;
    c.setPointerCapture(e.pointerId);
    const stroke: Stroke = { size: brushSize.value, points: [pointAt(e)] };
    active.current = { pointerId: e.pointerId, stroke };
    setPenDown(true);
    paintStroke(c.getContext('2d')!, stroke);
  };

  const onMove = (e: PointerEvent) => {
    const a = active.current;
    if (!a || a.pointerId !== e.pointerId) return;
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const from = a.stroke.points.length;
    for (const ev of events.length > 0 ? events : [e]) a.stroke.points.push(pointAt(ev));
    paintStroke(canvasRef.current!.getContext('2d')!, a.stroke, from);
  };

  const onUp = (e: PointerEvent) => {
    const a = active.current;
    if (!a || a.pointerId !== e.pointerId) return;
    active.current = null;
    setPenDown(false);
    strokes.value = [...strokes.value, a.stroke];
    void classifyCanvas(canvasRef.current!);
  };

  const undo = () => {
    strokes.value = strokes.value.slice(0, -1);
    const c = canvasRef.current!;
    paintAll(c.getContext('2d')!, strokes.value);
    void classifyCanvas(c);
  };

  const clear = () => {
    clearDrawing();
    paintAll(canvasRef.current!.getContext('2d')!, []);
  };

  const empty = strokes.value.length === 0;
  return (
    <div class="stack">
      <div class="pad-wrap">
        <canvas
          ref={canvasRef}
          class="pad"
          width={PAD_SIZE}
          height={PAD_SIZE}
          role="img"
          aria-label="Drawing pad: draw one digit from 0 to 9"
          aria-describedby="pad-help"
          data-testid="draw-pad"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
        {empty && !penDown && <div class="pad-placeholder" aria-hidden="true">Draw a digit here</div>}
      </div>
      <p id="pad-help" class="hint">
        Draw with a mouse, finger or pen; the digit is classified when you lift it. Without a pointer, use{' '}
        <a href="#upload">Upload images</a> instead: it works with the keyboard alone.
      </p>
      <div class="field">
        <label for="brush">Brush size: {brushSize.value} px</label>
        <input
          id="brush"
          type="range"
          min={6}
          max={40}
          step={1}
          value={brushSize.value}
          onInput={(e) => (brushSize.value = Number(e.currentTarget.value))}
        />
      </div>
      <div class="actions">
        <button type="button" onClick={undo} disabled={empty}>
          Undo
        </button>
        <button type="button" onClick={clear} disabled={empty}>
          Clear
        </button>
        <button type="button" class="primary" onClick={() => void classifyCanvas(canvasRef.current!)}>
          Classify
        </button>
      </div>
    </div>
  );
}
