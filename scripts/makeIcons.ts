import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/**
 * Draws the app icons Teams requires: a 192×192 full-colour icon and a 32×32 outline icon (white on a
 * transparent background). The mark is three rising bars: data that is being reported.
 */
type Rgba = [number, number, number, number];

function draw(size: number, background: Rgba, foreground: Rgba, bars: [number, number, number, number][]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inBar = bars.some(([x0, y0, x1, y1]) => x >= x0 * size && x < x1 * size && y >= y0 * size && y < y1 * size);
      const [r, g, b, a] = inBar ? foreground : background;
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

const BARS: [number, number, number, number][] = [
  [0.2, 0.55, 0.34, 0.8],
  [0.43, 0.4, 0.57, 0.8],
  [0.66, 0.2, 0.8, 0.8],
];

const dir = path.join(__dirname, '..', 'appManifest');
writeFileSync(path.join(dir, 'color.png'), draw(192, [0, 120, 130, 255], [255, 255, 255, 255], BARS));
writeFileSync(path.join(dir, 'outline.png'), draw(32, [0, 0, 0, 0], [255, 255, 255, 255], BARS));
process.stdout.write(`Wrote color.png and outline.png to ${dir}\n`);
