import { mountFace } from '../shared/face-root';
import { mergeFaceCatalogs } from '../shared/i18n';
import { ConsoleApp } from './ConsoleApp';
import './console.css';

// 指挥工作台: the command centre's desktop console (case inbox, case handling, evaluation, administration).
const CATALOGS = mergeFaceCatalogs(import.meta.glob('./**/i18n/*.json', { eager: true, import: 'default' }));
mountFace({ face: CATALOGS, permission: 'case:read', render: () => <ConsoleApp /> });
