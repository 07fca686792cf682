import { describe, expect, it } from 'vitest';
import { attachment, beijingDay } from './download.js';

describe('download headers', () => {
  it('names the file in UTF-8 with an ASCII fallback', () => {
    expect(attachment('复盘报告(1).pdf', 'report.pdf')).toBe("attachment; filename=\"report.pdf\"; filename*=UTF-8''%E5%A4%8D%E7%9B%98%E6%8A%A5%E5%91%8A%281%29.pdf");
  });

  it('stamps the Beijing date: 16:30 UTC is the next day in Beijing', () => {
    expect(beijingDay(new Date('2024-12-31T15:59:00Z'))).toBe('20241231');
    expect(beijingDay(new Date('2024-12-31T16:30:00Z'))).toBe('20250101');
  });
});
