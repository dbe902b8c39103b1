using System.Text.Json;
using Microsoft.Playwright;

namespace VotingApp.Tests.Browser;

/// <summary>One colour pair as rendered: a text (or focus ring) colour and the colour right under or next to it.</summary>
public sealed record ColourPair(Rgb Front, Rgb Back)
{
    public double Ratio => Contrast.Ratio(Front, Back);
}

/// <summary>A visible text element: its computed size and weight and every colour pair sampled under its text.</summary>
public sealed record TextSample(string Element, string Text, double FontSizePx, int FontWeight, bool Filtered, IReadOnlyList<ColourPair> Pairs)
{
    public double Required => Contrast.RequiredForText(FontSizePx, FontWeight);

    public double Worst => Pairs.Count == 0 ? double.NaN : Pairs.Min(p => p.Ratio);
}

/// <summary>The keyboard-focused element's outline: its width and the ring colour against the colours on both sides of it.</summary>
public sealed record FocusRing(string Element, double WidthPx, bool Filtered, IReadOnlyList<ColourPair> Pairs)
{
    public double Worst => Pairs.Count == 0 ? double.NaN : Pairs.Min(p => p.Ratio);
}

/// <summary>The colours painted under the corners and centre of an element's text.</summary>
public sealed record ColoursUnder(string Element, string Text, IReadOnlyList<Rgb> Colours);

/// <summary>
/// Reads the colours a page actually renders, with a small script run in the page: computed colours, composited through
/// transparency, background gradients and opacity, under the text's own boxes (document.elementsFromPoint), so text over
/// a split or a gradient is measured against what is really under it. Limits, which the pages avoid: box-shadows and CSS
/// filters are not painted into the result (an element under a filter is reported as <c>Filtered</c>), and a gradient
/// counts as every colour along it, wherever the text sits.
/// </summary>
public static class RenderedColours
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Every visible text element of the page (scrolled into view when it is outside the viewport).</summary>
    public static async Task<IReadOnlyList<TextSample>> TextAsync(IPage page) =>
        Parse<List<TextSample>>(await page.EvaluateAsync<string>(Script, new { mode = "text" }));

    /// <summary>The focused element's outline, or null when nothing is focused.</summary>
    public static async Task<FocusRing?> FocusRingAsync(IPage page) =>
        Parse<FocusRing?>(await page.EvaluateAsync<string>(Script, new { mode = "focus" }));

    /// <summary>The colours under the text of each element that <paramref name="selector"/> finds.</summary>
    public static async Task<IReadOnlyList<ColoursUnder>> UnderAsync(IPage page, string selector) =>
        Parse<List<ColoursUnder>>(await page.EvaluateAsync<string>(Script, new { mode = "under", selector }));

    /// <summary>The computed <c>fill</c> (or background colour) of the element <paramref name="selector"/> finds.</summary>
    public static async Task<Rgb> PaintOfAsync(IPage page, string selector) =>
        Parse<Rgb>(await page.EvaluateAsync<string>(Script, new { mode = "paint", selector }));

    private static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, s_json)!;

    // Straight (not premultiplied) RGBA in, opaque RGB out. Opacity: the outermost ancestor with opacity < 1 is treated
    // as the group it is (its content composited first, then faded onto what lies behind it); any further opacity
    // inside or outside it is multiplied into the layers, which is exact for the one-group pages these tests look at.
    private const string Script = """
        async ({ mode, selector }) => {
          // transitions end first: the geometry and colours measured are the ones the page settles on
          await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));

          const CLEAR = { r: 0, g: 0, b: 0, a: 0 };
          const CANVAS = { r: 255, g: 255, b: 255, a: 1 };
          const parse = (s) => {
            const m = /^rgba?\(([^)]*)\)$/.exec((s || '').trim());
            if (!m) return null;
            const n = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
            return { r: n[0], g: n[1], b: n[2], a: n.length > 3 ? n[3] : 1 };
          };
          const over = (t, b) => {
            const a = t.a + b.a * (1 - t.a);
            if (a === 0) return CLEAR;
            const mix = (x, y) => (x * t.a + y * b.a * (1 - t.a)) / a;
            return { r: mix(t.r, b.r), g: mix(t.g, b.g), b: mix(t.b, b.b), a };
          };
          const fade = (c, o) => ({ r: c.r, g: c.g, b: c.b, a: c.a * o });
          const opaque = (c) => ({ r: c.r, g: c.g, b: c.b });
          const key = (c) => [c.r, c.g, c.b, c.a * 255].map(Math.round).join(',');
          const style = (e) => getComputedStyle(e);

          // top-level comma split of a computed background-image (gradients contain commas themselves)
          const images = (s) => {
            const out = []; let depth = 0; let start = 0;
            for (let i = 0; i < s.length; i++) {
              if (s[i] === '(') depth++;
              else if (s[i] === ')') depth--;
              else if (s[i] === ',' && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
            }
            out.push(s.slice(start));
            return out.map(x => x.trim()).filter(x => x.includes('gradient('));
          };
          // every colour a gradient passes through: its stops and eight steps between each pair (premultiplied, as drawn)
          const gradientColours = (image) => {
            const stops = (image.match(/rgba?\([^)]*\)/g) || []).map(parse);
            const out = [];
            for (let i = 0; i < stops.length; i++) {
              if (i === 0) { out.push(stops[0]); continue; }
              const p = stops[i - 1]; const q = stops[i];
              for (let k = 1; k <= 8; k++) {
                const t = k / 8; const a = p.a + (q.a - p.a) * t;
                const ch = (x, y) => a === 0 ? 0 : (x * p.a * (1 - t) + y * q.a * t) / a;
                out.push({ r: ch(p.r, q.r), g: ch(p.g, q.g), b: ch(p.b, q.b), a });
              }
            }
            return out;
          };
          // the layers an element paints under its content, bottom first; each a list of candidate colours
          const paintedLayersOf = (e) => {
            const cs = style(e);
            if (e instanceof SVGElement) {
              const fill = e instanceof SVGGeometryElement ? parse(cs.fill) : null;
              return fill ? [[fade(fill, Number(cs.fillOpacity))]] : [];
            }
            const layers = [];
            const bg = parse(cs.backgroundColor);
            if (bg && bg.a > 0) layers.push([bg]);
            for (const image of images(cs.backgroundImage).reverse()) layers.push(gradientColours(image));
            return layers;
          };
          // CSS paints the root's background (the body's, when the root has none) on the whole canvas, under everything,
          // negative z-index layers included; the box it came from paints none of its own
          const root = document.documentElement;
          const canvasOwner = paintedLayersOf(root).length > 0 ? root : document.body;
          const layersOf = (e) => e === canvasOwner ? [] : paintedLayersOf(e);
          const stack = (set, candidates, o) => {
            const next = new Map();
            for (const s of set) for (const c of candidates) { const v = over(fade(c, o), s); next.set(key(v), v); }
            return [...next.values()];
          };
          const canvas = paintedLayersOf(canvasOwner).reduce((set, candidates) => stack(set, candidates, 1), [CANVAS]);
          const opacityBetween = (e, stop) => {
            let o = 1;
            for (let x = e; x && x !== stop; x = x.parentElement) o *= Number(style(x).opacity);
            return o;
          };
          const groupOf = (e) => {
            let g = null;
            for (let x = e; x; x = x.parentElement) if (Number(style(x).opacity) < 1) g = x;
            return g;
          };
          const filtered = (e) => {
            for (let x = e; x; x = x.parentElement) if (style(x).filter !== 'none') return true;
            return false;
          };
          const composite = (elements, base, opacityOf) => {
            let set = base;
            for (const e of elements) {
              const o = opacityOf(e);
              for (const candidates of layersOf(e)) set = stack(set, candidates, o);
            }
            return set;
          };
          // front painted by `owner` (its text or its outline) at (x, y), and what lies under it there
          const pairsAt = (owner, x, y, front) => {
            const hits = document.elementsFromPoint(x, y);
            const i = hits.findIndex(h => h === owner || owner.contains(h));
            const below = (i >= 0 ? hits.slice(i) : hits).filter(h => h === owner || !owner.contains(h)).reverse();
            const g = groupOf(owner);
            const inGroup = (h) => g !== null && (h === g || g.contains(h));
            const behind = composite(below.filter(h => !inGroup(h)), canvas, h => opacityBetween(h, null));
            const inside = composite(below.filter(inGroup), [CLEAR], h => opacityBetween(h, g));
            const og = g ? Number(style(g).opacity) : 1;
            const f = fade(front, opacityBetween(owner, g));
            const pairs = [];
            for (const b of behind) for (const n of inside) {
              pairs.push({ front: opaque(over(fade(over(f, n), og), b)), back: opaque(over(fade(n, og), b)) });
            }
            return pairs;
          };
          const inViewport = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
          const textRects = (e) => {
            const rects = [];
            for (const n of e.childNodes) {
              if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) continue;
              const range = document.createRange();
              range.selectNodeContents(n);
              for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
            }
            return rects;
          };
          // corners (1px in) and centre of each box
          const pointsOf = (r) => {
            const d = Math.min(1, r.width / 4, r.height / 4);
            return [[r.left + r.width / 2, r.top + r.height / 2], [r.left + d, r.top + d], [r.right - d, r.top + d],
                    [r.left + d, r.bottom - d], [r.right - d, r.bottom - d]].filter(([x, y]) => inViewport(x, y));
          };
          const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
            [...e.classList].map(c => '.' + c).join('');
          const ownText = (e) => [...e.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim();
          const visibleRects = (e) => {
            if (!e.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return [];
            let rects = textRects(e);
            if (rects.length > 0 && rects.some(r => !inViewport(r.left, r.top) || !inViewport(r.right - 1, r.bottom - 1))) {
              e.scrollIntoView({ block: 'center', inline: 'center' });
              rects = textRects(e);
            }
            return rects;
          };

          if (mode === 'text') {
            const out = [];
            for (const e of document.body.querySelectorAll('*')) {
              const rects = visibleRects(e);
              if (rects.length === 0) continue;
              const cs = style(e);
              const colour = parse(cs.color);
              const pairs = [];
              for (const r of rects) for (const [x, y] of pointsOf(r)) pairs.push(...pairsAt(e, x, y, colour));
              out.push({ element: describe(e), text: ownText(e), fontSizePx: parseFloat(cs.fontSize),
                         fontWeight: Number(cs.fontWeight), filtered: filtered(e), pairs });
            }
            return JSON.stringify(out);
          }

          if (mode === 'focus') {
            const e = document.activeElement;
            if (!e || e === document.body) return JSON.stringify(null);
            const cs = style(e);
            const width = cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth);
            const pairs = [];
            if (width > 0) {
              const ring = parse(cs.outlineColor);
              const offset = parseFloat(cs.outlineOffset) || 0;
              const r = e.getBoundingClientRect();
              // a point `d` px outside the border box, in the middle of each side
              const around = (d) => [[r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2],
                                     [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d]];
              const middle = around(offset + width / 2);
              const outside = around(offset + width + 1.5);
              const inside = around(offset - 1.5);
              for (let side = 0; side < 4; side++) {
                const [mx, my] = middle[side];
                if (!inViewport(mx, my)) continue;
                const rings = pairsAt(e, mx, my, ring).map(p => p.front);
                const next = [outside[side], inside[side]].filter(([x, y]) => inViewport(x, y))
                  .flatMap(([x, y]) => pairsAt(e, x, y, CLEAR).map(p => p.back));
                for (const f of rings) for (const b of next) pairs.push({ front: f, back: b });
              }
            }
            return JSON.stringify({ element: describe(e), widthPx: width, filtered: filtered(e), pairs });
          }

          if (mode === 'under') {
            const out = [];
            for (const e of document.querySelectorAll(selector)) {
              const colours = [];
              for (const r of visibleRects(e)) for (const [x, y] of pointsOf(r)) colours.push(...pairsAt(e, x, y, CLEAR).map(p => p.back));
              out.push({ element: describe(e), text: ownText(e), colours });
            }
            return JSON.stringify(out);
          }

          if (mode === 'paint') {
            const e = document.querySelector(selector);
            const cs = style(e);
            const c = parse(e instanceof SVGElement ? cs.fill : cs.backgroundColor);
            return JSON.stringify(opaque(c));
          }
          throw new Error('unknown mode ' + mode);
        }
        """;
}
