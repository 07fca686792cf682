import { mountFace } from '../shared/face-root';
import en from './i18n/en.json';
import zh from './i18n/zh-CN.json';
import { prefetchScreen } from './prefetch';
import { ScreenApp } from './ScreenApp';
import './screen.css';

// 一屏掌控: the district's (or a street's) operation on one 1920×1080 screen, live over SSE.
prefetchScreen(location.pathname);
mountFace({ face: { 'zh-CN': zh, en }, permission: 'evaluation:read', dark: true, render: () => <ScreenApp /> });
