import { mountFace } from '../shared/face-root';
import en from './i18n/en.json';
import zh from './i18n/zh-CN.json';
import { MobileApp } from './MobileApp';
import './mobile.css';

// The grid worker's phone app: tasks to check, reporting, own history (the face needs case:verify).
mountFace({ face: { 'zh-CN': zh, en }, permission: 'case:verify', render: () => <MobileApp /> });
