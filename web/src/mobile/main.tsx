import { mountFace } from '../shared/face-root';
import { mergeFaceCatalogs } from '../shared/i18n';
import { MobileApp } from './MobileApp';
import './mobile.css';

// The grid worker's phone app: tasks to check, reporting, own history (the face needs case:verify).
const CATALOGS = mergeFaceCatalogs(import.meta.glob('./**/i18n/*.json', { eager: true, import: 'default' }));
mountFace({ face: CATALOGS, permission: 'case:verify', render: () => <MobileApp /> });
