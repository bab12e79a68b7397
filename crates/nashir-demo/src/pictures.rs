//! Pictures for the demo: editorial illustrations drawn by this code, one motif
//! per section, and simple portraits for the author profiles, so a fresh site
//! shows what an image-led front page looks like. They are the project's own
//! work, released under CC0 (no attribution needed) as well as the project's
//! licence; no file is stored, they are drawn when the demo loads.

use image::{DynamicImage, Rgb, RgbImage};
use nashir_core::language::Language;

/// 16:9, wide enough for the 1,200 px that search engines ask of a lead image.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 675;
const PORTRAIT: u32 = 480;

type Color = [u8; 3];

/// A small, seeded generator: the same key always draws the same picture.
struct Dice(u64);

impl Dice {
    fn new(key: &str) -> Dice {
        // FNV-1a over the key; xorshift after.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Dice(h | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `lo..hi`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() % 10_000) as f32 / 10_000.0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

struct Canvas {
    img: RgbImage,
}

impl Canvas {
    /// A vertical gradient from `top` to `bottom`.
    fn new(width: u32, height: u32, (top, bottom): (Color, Color)) -> Canvas {
        let img = RgbImage::from_fn(width, height, |_, y| {
            Rgb(mix(top, bottom, y as f32 / height as f32))
        });
        Canvas { img }
    }

    /// Paints every pixel of the box whose centre `coverage` gives a share of
    /// (0 outside, 1 inside; in between on edges, for smooth outlines).
    fn paint(&mut self, bbox: (f32, f32, f32, f32), c: Color, coverage: impl Fn(f32, f32) -> f32) {
        let (w, h) = (self.img.width() as f32, self.img.height() as f32);
        let x0 = bbox.0.max(0.0).floor() as u32;
        let y0 = bbox.1.max(0.0).floor() as u32;
        let x1 = bbox.2.min(w).ceil() as u32;
        let y1 = bbox.3.min(h).ceil() as u32;
        for y in y0..y1 {
            for x in x0..x1 {
                let a = coverage(x as f32 + 0.5, y as f32 + 0.5).clamp(0.0, 1.0);
                if a > 0.0 {
                    let p = self.img.get_pixel_mut(x, y);
                    p.0 = mix(p.0, c, a);
                }
            }
        }
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, c: Color) {
        self.paint((x0, y0, x1, y1), c, |x, y| {
            edge(x - x0) * edge(x1 - x) * edge(y - y0) * edge(y1 - y)
        });
    }

    fn circle(&mut self, cx: f32, cy: f32, r: f32, c: Color) {
        self.paint((cx - r, cy - r, cx + r, cy + r), c, |x, y| {
            edge(r - ((x - cx).powi(2) + (y - cy).powi(2)).sqrt())
        });
    }

    /// An outline of an ellipse `width` thick (a circle when `rx == ry`).
    fn ring(&mut self, cx: f32, cy: f32, (rx, ry): (f32, f32), width: f32, c: Color) {
        let m = rx.max(ry) + width;
        self.paint((cx - m, cy - m, cx + m, cy + m), c, |x, y| {
            let d = (((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2)).sqrt();
            edge(width / 2.0 - (d - 1.0).abs() * rx.min(ry))
        });
    }

    /// A filled polygon (any shape: even-odd rule).
    fn polygon(&mut self, points: &[(f32, f32)], c: Color) {
        let bbox = points.iter().fold(
            (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
            |(a, b, cc, d), &(x, y)| (a.min(x), b.min(y), cc.max(x), d.max(y)),
        );
        self.paint(bbox, c, |x, y| f32::from(u8::from(inside(points, x, y))));
    }

    /// Fills everything below the curve `top(x)`, a column at a time (hills; much
    /// cheaper than a polygon of many points).
    fn fill_below(&mut self, top: impl Fn(f32) -> f32, c: Color) {
        let (w, h) = self.img.dimensions();
        for x in 0..w {
            let t = top(x as f32 + 0.5);
            for y in (t.max(0.0).floor() as u32)..h {
                let p = self.img.get_pixel_mut(x, y);
                p.0 = mix(p.0, c, edge(y as f32 + 0.5 - t));
            }
        }
    }

    /// A straight stroke `width` thick.
    fn line(&mut self, (ax, ay): (f32, f32), (bx, by): (f32, f32), width: f32, c: Color) {
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1e-3);
        let (nx, ny) = (
            -(by - ay) / len * width / 2.0,
            (bx - ax) / len * width / 2.0,
        );
        self.polygon(
            &[
                (ax + nx, ay + ny),
                (bx + nx, by + ny),
                (bx - nx, by - ny),
                (ax - nx, ay - ny),
            ],
            c,
        );
    }

    /// The finished picture, with a little grain so flat colours look printed
    /// rather than banded.
    fn finish(mut self, dice: &mut Dice) -> DynamicImage {
        for p in self.img.pixels_mut() {
            let n = (dice.next() % 9) as i16 - 4;
            for v in &mut p.0 {
                *v = (i16::from(*v) + n).clamp(0, 255) as u8;
            }
        }
        DynamicImage::ImageRgb8(self.img)
    }
}

/// Coverage of a pixel whose centre is `d` inside an edge (one pixel of smoothing).
fn edge(d: f32) -> f32 {
    (d + 0.5).clamp(0.0, 1.0)
}

fn inside(points: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut inside = false;
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let ((xi, yi), (xj, yj)) = (points[i], points[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

fn mix(a: Color, b: Color, t: f32) -> Color {
    let f = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

type Motif = fn(&mut Dice, f32, f32) -> Canvas;

/// A section's motif, with its alternative text in Arabic, English and Persian
/// (in the order of `Language`).
fn motif(section: &str) -> (Motif, [&'static str; 3]) {
    match section {
        "politics" => (
            parliament,
            [
                "رسم توضيحي لمبنى برلمان بأعمدة وقبة",
                "Illustration of a parliament building with columns and a dome",
                "طرحی از ساختمان پارلمانی با ستون‌ها و گنبد",
            ],
        ),
        "economy" => (
            chart,
            [
                "رسم توضيحي لأعمدة بيانية صاعدة",
                "Illustration of a rising bar chart",
                "طرحی از نمودار ستونی رو به بالا",
            ],
        ),
        "sport" => (
            pitch,
            [
                "رسم توضيحي لملعب كرة قدم وكرة في وسطه",
                "Illustration of a football pitch with a ball in the centre",
                "طرحی از زمین فوتبال با توپی در میانه آن",
            ],
        ),
        "society" => (
            crowd,
            [
                "رسم توضيحي لحشد من الناس",
                "Illustration of a crowd of people",
                "طرحی از جمعی از مردم",
            ],
        ),
        "technology" => (
            circuit,
            [
                "رسم توضيحي لشريحة إلكترونية ودارة",
                "Illustration of a microchip and its circuit",
                "طرحی از یک تراشه الکترونیکی و مدار آن",
            ],
        ),
        "environment" => (
            landscape,
            [
                "رسم توضيحي لشمس فوق تلال",
                "Illustration of the sun over hills",
                "طرحی از خورشید بر فراز تپه‌ها",
            ],
        ),
        "culture" => (
            books,
            [
                "رسم توضيحي لكتب مصفوفة على رف",
                "Illustration of books lined up on a shelf",
                "طرحی از کتاب‌هایی چیده‌شده در قفسه",
            ],
        ),
        _ => (
            globe,
            [
                "رسم توضيحي لكرة أرضية بخطوط الطول والعرض",
                "Illustration of a globe with lines of latitude and longitude",
                "طرحی از کره زمین با مدارها و نصف‌النهارها",
            ],
        ),
    }
}

/// The illustration for an article of `section`, varied by `key`.
pub fn illustration(section: &str, key: &str) -> DynamicImage {
    let dice = &mut Dice::new(key);
    let canvas = motif(section).0(dice, WIDTH as f32, HEIGHT as f32);
    canvas.finish(dice)
}

/// The alternative text of `section`'s illustrations, in `language`.
pub fn alt(section: &str, language: Language) -> &'static str {
    motif(section).1[language as usize]
}

/// A portrait placeholder for an author profile: head and shoulders.
pub fn portrait(key: &str) -> DynamicImage {
    let dice = &mut Dice::new(key);
    let s = PORTRAIT as f32;
    let bg = dice.pick(&[[0xe8, 0xdf, 0xd0], [0xd6, 0xe4, 0xe6], [0xe6, 0xd8, 0xe2]]);
    let mut c = Canvas::new(PORTRAIT, PORTRAIT, (bg, mix(bg, [255, 255, 255], 0.5)));
    let cloth = dice.pick(&[[0x2d, 0x4a, 0x6b], [0x6b, 0x2d, 0x3a], [0x2f, 0x5d, 0x4a]]);
    let skin = dice.pick(&[[0xc6, 0x93, 0x6b], [0x8d, 0x5a, 0x3c], [0xe0, 0xb4, 0x8c]]);
    c.circle(s / 2.0, s * 1.08, s * 0.42, cloth);
    c.circle(s / 2.0, s * 0.42, s * 0.19, skin);
    c.finish(dice)
}

fn parliament(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0x1d, 0x2b, 0x4c], [0x5b, 0x6f, 0x95]),
            ([0x3a, 0x24, 0x4f], [0x8a, 0x6f, 0x9e]),
            ([0x8c, 0x4a, 0x3a], [0xe8, 0xb0, 0x7a]),
        ]),
    );
    let stone = [0xe9, 0xe1, 0xcf];
    let (left, right, base) = (w * 0.2, w * 0.8, h * 0.85);
    c.circle(w / 2.0, h * 0.3, h * d.range(0.11, 0.15), stone);
    c.rect(w / 2.0 - 3.0, h * 0.08, w / 2.0 + 3.0, h * 0.2, stone);
    c.polygon(
        &[
            (left - 20.0, h * 0.4),
            (w / 2.0, h * 0.24),
            (right + 20.0, h * 0.4),
        ],
        stone,
    );
    c.rect(left - 20.0, h * 0.4, right + 20.0, h * 0.45, stone);
    let columns = d.pick(&[6, 8, 10]);
    let step = (right - left) / (columns - 1) as f32;
    for i in 0..columns {
        let x = left + step * i as f32;
        c.rect(x - 14.0, h * 0.45, x + 14.0, base - 30.0, stone);
    }
    c.rect(left - 40.0, base - 30.0, right + 40.0, base, stone);
    c.rect(0.0, base, w, h, [0x14, 0x1d, 0x33]);
    c
}

fn chart(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0x0b, 0x3d, 0x3a], [0x14, 0x6b, 0x5e]),
            ([0x10, 0x25, 0x4a], [0x1f, 0x4f, 0x8a]),
            ([0x3d, 0x16, 0x3a], [0x70, 0x2c, 0x63]),
        ]),
    );
    for i in 1..5 {
        let y = h * 0.2 * i as f32;
        c.rect(w * 0.08, y - 1.0, w * 0.92, y + 1.0, [0x2c, 0x80, 0x72]);
    }
    let bar = d.pick(&[[0xf2, 0xc1, 0x4e], [0xef, 0x7b, 0x5b], [0x8f, 0xd3, 0xf4]]);
    let bars = d.pick(&[6, 7, 8]);
    let step = w * 0.8 / bars as f32;
    let mut tops = Vec::new();
    let mut level = d.range(0.25, 0.4);
    for i in 0..bars {
        level = (level + d.range(-0.05, 0.12)).clamp(0.15, 0.85);
        let x = w * 0.1 + step * i as f32;
        let top = h * (0.9 - level * 0.8);
        c.rect(x + step * 0.15, top, x + step * 0.85, h * 0.9, bar);
        tops.push((x + step / 2.0, top - 40.0));
    }
    for pair in tops.windows(2) {
        c.line(pair[0], pair[1], 6.0, [0xff, 0xff, 0xff]);
    }
    for &(x, y) in &tops {
        c.circle(x, y, 11.0, [0xff, 0xff, 0xff]);
    }
    c
}

fn pitch(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let (light, dark) = ([0x3f, 0x9b, 0x4a], [0x35, 0x87, 0x3f]);
    let mut c = Canvas::new(WIDTH, HEIGHT, (light, light));
    let stripes = 10;
    for i in (0..stripes).step_by(2) {
        let x = w * i as f32 / stripes as f32;
        c.rect(x, 0.0, x + w / stripes as f32, h, dark);
    }
    let white = [0xf4, 0xf4, 0xf0];
    c.ring(w / 2.0, h / 2.0, (h * 0.2, h * 0.2), 6.0, white);
    c.rect(w / 2.0 - 3.0, 0.0, w / 2.0 + 3.0, h, white);
    c.ring(w / 2.0, h / 2.0, (w * 0.46, h * 0.44), 6.0, white);
    let (bx, by) = (w * d.range(0.3, 0.7), h * d.range(0.35, 0.65));
    c.circle(bx + 8.0, by + 10.0, 34.0, [0x22, 0x5c, 0x2a]);
    c.circle(bx, by, 34.0, white);
    c.circle(bx, by, 11.0, [0x22, 0x22, 0x22]);
    c
}

fn crowd(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0xf6, 0xd3, 0x9c], [0xe3, 0x8b, 0x5a]),
            ([0xc8, 0xe6, 0xe0], [0x6f, 0xb3, 0xa8]),
            ([0xe4, 0xd4, 0xf0], [0xa4, 0x86, 0xc8]),
        ]),
    );
    let colours = [
        [0x8c, 0x1c, 0x13],
        [0x2d, 0x4a, 0x6b],
        [0x3c, 0x6e, 0x47],
        [0x5a, 0x3d, 0x6e],
        [0x26, 0x26, 0x26],
    ];
    for row in 0..3 {
        let y = h * (0.45 + 0.2 * row as f32);
        let size = 42.0 + 14.0 * row as f32;
        let mut x = d.range(-size, 0.0);
        while x < w + size {
            let body = d.pick(&colours);
            c.circle(x, y + size * 1.6, size * 1.1, body);
            c.circle(x, y, size * 0.55, mix(body, [0x33, 0x22, 0x18], 0.6));
            x += size * d.range(1.8, 2.4);
        }
    }
    c
}

fn circuit(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0x12, 0x12, 0x3a], [0x2a, 0x1f, 0x5c]),
            ([0x0c, 0x2a, 0x1e], [0x15, 0x4a, 0x34]),
            ([0x1a, 0x1a, 0x1a], [0x3a, 0x3a, 0x42]),
        ]),
    );
    let trace = [0x4f, 0xd1, 0xc5];
    let (cx, cy) = (w / 2.0, h / 2.0);
    for i in 0..14 {
        let y = h * (0.1 + 0.8 * i as f32 / 13.0);
        let x_end = if i % 2 == 0 { w * 0.05 } else { w * 0.95 };
        let bend = d.range(0.15, 0.3) * w;
        let x_mid = if i % 2 == 0 { cx - bend } else { cx + bend };
        c.line(
            (cx, y.clamp(cy - 120.0, cy + 120.0)),
            (x_mid, y),
            4.0,
            trace,
        );
        c.line((x_mid, y), (x_end, y), 4.0, trace);
        c.circle(x_end, y, 9.0, trace);
    }
    c.rect(
        cx - 150.0,
        cy - 150.0,
        cx + 150.0,
        cy + 150.0,
        [0x0b, 0x0b, 0x22],
    );
    c.rect(
        cx - 120.0,
        cy - 120.0,
        cx + 120.0,
        cy + 120.0,
        [0x3b, 0x3b, 0x7a],
    );
    c.ring(cx, cy, (60.0, 60.0), 8.0, trace);
    c
}

fn landscape(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0x7f, 0xb8, 0xe0], [0xfb, 0xd6, 0xa8]),
            ([0xf4, 0xa2, 0x61], [0xfd, 0xe6, 0xc4]),
            ([0x4b, 0x5d, 0x8f], [0xe8, 0xa8, 0x8c]),
        ]),
    );
    c.circle(
        w * d.range(0.2, 0.8),
        h * d.range(0.2, 0.35),
        80.0,
        [0xff, 0xe0, 0x82],
    );
    let layers = [[0x8d, 0xb5, 0x7a], [0x5e, 0x93, 0x55], [0x3b, 0x6b, 0x3a]];
    for (i, colour) in layers.into_iter().enumerate() {
        let base = h * (0.55 + 0.13 * i as f32);
        let (amp, freq, phase) = (d.range(20.0, 60.0), d.range(1.5, 3.5), d.range(0.0, 6.0));
        c.fill_below(
            |x| base - amp * (x / w * freq * std::f32::consts::TAU + phase).sin(),
            colour,
        );
    }
    c
}

fn books(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0x5a, 0x1a, 0x24], [0x3a, 0x10, 0x18]),
            ([0x17, 0x2a, 0x45], [0x0e, 0x1a, 0x2c]),
            ([0x3b, 0x3f, 0x1e], [0x22, 0x25, 0x10]),
        ]),
    );
    let shelf = h * 0.82;
    c.rect(0.0, shelf, w, shelf + 24.0, [0x8a, 0x5a, 0x35]);
    let colours = [
        [0xe9, 0xc4, 0x6a],
        [0x2a, 0x9d, 0x8f],
        [0xe7, 0x6f, 0x51],
        [0xf4, 0xf1, 0xde],
        [0x26, 0x46, 0x53],
    ];
    let mut x = w * 0.08;
    while x < w * 0.9 {
        let (bw, bh) = (d.range(40.0, 80.0), h * d.range(0.35, 0.6));
        let colour = d.pick(&colours);
        c.rect(x, shelf - bh, x + bw, shelf, colour);
        c.rect(
            x,
            shelf - bh * 0.8,
            x + bw,
            shelf - bh * 0.75,
            mix(colour, [0, 0, 0], 0.3),
        );
        x += bw + 6.0;
    }
    c
}

fn globe(d: &mut Dice, w: f32, h: f32) -> Canvas {
    let mut c = Canvas::new(
        WIDTH,
        HEIGHT,
        d.pick(&[
            ([0x23, 0x1f, 0x20], [0x4a, 0x2c, 0x28]),
            ([0x0f, 0x1c, 0x33], [0x25, 0x3b, 0x5e]),
        ]),
    );
    let (cx, cy, r) = (w * d.range(0.4, 0.6), h / 2.0, h * 0.36);
    c.circle(cx, cy, r, [0x8c, 0x1c, 0x13]);
    let line = [0xf3, 0xe6, 0xd8];
    c.ring(cx, cy, (r, r), 5.0, line);
    for k in [0.3_f32, 0.65] {
        c.ring(cx, cy, (r * k, r), 4.0, line);
    }
    for k in [-0.5_f32, 0.0, 0.5] {
        let y = cy + r * k;
        let half = r * (1.0 - k * k).sqrt();
        c.rect(cx - half, y - 2.0, cx + half, y + 2.0, line);
    }
    c.rect(cx - 2.0, cy - r, cx + 2.0, cy + r, line);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_section_has_its_own_picture_and_the_same_key_draws_the_same() {
        let a = illustration("sport", "one").into_rgb8();
        let b = illustration("sport", "one").into_rgb8();
        let other = illustration("culture", "one").into_rgb8();
        assert_eq!((a.width(), a.height()), (WIDTH, HEIGHT));
        assert_eq!(a.as_raw(), b.as_raw(), "drawing is deterministic");
        assert_ne!(a.as_raw(), other.as_raw());
        assert_ne!(
            alt("sport", Language::Arabic),
            alt("culture", Language::Arabic)
        );
        assert!(alt("sport", Language::English).contains("football"));
        assert!(alt("sport", Language::Persian).contains("فوتبال"));
        // Not a flat field: the motif is there.
        let distinct: std::collections::HashSet<_> = a.pixels().map(|p| p.0).collect();
        assert!(distinct.len() > 50, "{} colours", distinct.len());
    }
}
