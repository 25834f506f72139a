// The drawing as a list of strokes (so it can be undone), and how to paint it: black ink on white paper.

export interface Stroke {
  size: number;
  points: [number, number][];
}

export const PAD_SIZE = 280;
export const PAPER = '#ffffff';
export const INK = '#000000';

export function paintStroke(ctx: CanvasRenderingContext2D, stroke: Stroke, from = 0): void {
  const pts = stroke.points;
  if (pts.length === 0) return;
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  ctx.lineWidth = stroke.size;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (pts.length === 1) {
    ctx.beginPath();
    ctx.arc(pts[0][0], pts[0][1], stroke.size / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  const start = Math.max(0, from - 1);
  ctx.moveTo(pts[start][0], pts[start][1]);
  for (let i = start + 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
  ctx.stroke();
}

export function paintAll(ctx: CanvasRenderingContext2D, strokes: readonly Stroke[]): void {
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  for (const s of strokes) paintStroke(ctx, s);
}
