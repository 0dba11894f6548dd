import { barChartSvg, describeBars } from './chart.js';

describe('barChartSvg', () => {
  const bars = [{ label: 'DHR-INTRO', value: 12 }, { label: 'DHR-PRIVACY', value: 6 }, { label: 'A & <B>', value: null }];
  const svg = barChartSvg({ id: 'modules', title: 'Attendees per module', description: describeBars(bars, 'fewer than 5'), bars,
    suppressedText: 'fewer than 5' });

  it('is an image with a title and a description that name it', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="modules-title modules-desc"');
    expect(svg).toContain('<title id="modules-title">Attendees per module</title>');
    expect(svg).toContain('<desc id="modules-desc">DHR-INTRO: 12; DHR-PRIVACY: 6; A &amp; &lt;B&gt;: fewer than 5</desc>');
  });

  it('labels every bar with its number, scales to the largest, hatches alternate bars and draws no bar for a hidden figure', () => {
    const rects = [...svg.matchAll(/<rect x="130" y="\d+" width="(\d+)"[^>]*fill="([^"]+)"/g)].map((m) => [Number(m[1]), m[2]]);
    expect(rects).toEqual([[280, '#1d70b8'], [140, 'url(#modules-hatch)']]);
    expect([...svg.matchAll(/class="chart__value">([^<]+)</g)].map((m) => m[1])).toEqual(['12', '6', 'fewer than 5']);
    expect(svg).not.toContain('<B>');
  });

  it('draws an empty chart without dividing by zero', () => {
    const empty = barChartSvg({ id: 'x', title: 't', description: 'd', bars: [{ label: 'a', value: 0 }], suppressedText: '-' });
    expect(empty).not.toContain('NaN');
    expect(empty).toContain('class="chart__value">0<');
  });
});
