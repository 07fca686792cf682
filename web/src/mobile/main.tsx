import { mountFace } from '../shared/face-root';
import { mergeFaceCatalogs } from '../shared/i18n';
import { MOBILE_PERMISSIONS } from './common/TabBar';
import { MobileApp } from './MobileApp';
import './mobile.css';

// The phone app of grid workers and posts: cases to check and report, receipts, milestones, duty, hazards, history
// (the face opens for anyone with one of its tabs).
const CATALOGS = mergeFaceCatalogs(import.meta.glob('./**/i18n/*.json', { eager: true, import: 'default' }));
mountFace({ face: CATALOGS, permission: MOBILE_PERMISSIONS, render: () => <MobileApp /> });
