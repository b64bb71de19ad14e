import sharp from 'sharp';

/** A real PNG of the given size (a gradient-free block of colour is enough for sharp). */
export async function pngImage(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 40, b: 60 } },
  })
    .png()
    .toBuffer();
}

export async function jpegImage(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 20, g: 20, b: 20 } },
  })
    .jpeg()
    .toBuffer();
}
