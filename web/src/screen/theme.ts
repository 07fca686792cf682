// Big-screen palette: dark ground, high-contrast text, the status colours every Chinese ops screen uses.
export const COLORS = {
  bg: '#040b1a',
  panel: 'rgba(10, 28, 58, 0.85)',
  border: '#1f4a85',
  text: '#e8f1ff',
  dim: '#8fb0d9',
  accent: '#3ea6ff',
  overdue: '#ff4d4f',
  warning: '#fadb14',
  inProgress: '#3ea6ff',
  closedToday: '#52c41a',
  zone: '#ff9c2a',
} as const;

export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
