import { mountFace } from '../shared/face-root';
import { mergeFaceCatalogs } from '../shared/i18n';
import { prefetchScreen } from './prefetch';
import { ScreenApp } from './ScreenApp';
import './screen.css';

// 一屏掌控: the district's (or a street's) operation on one 1920×1080 screen, live over SSE.
prefetchScreen(location.pathname);
const CATALOGS = mergeFaceCatalogs(import.meta.glob('./**/i18n/*.json', { eager: true, import: 'default' }));
mountFace({ face: CATALOGS, permission: 'evaluation:read', dark: true, render: () => <ScreenApp /> });
