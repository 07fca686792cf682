import { mountFace } from '../shared/face-root';
import en from './i18n/en.json';
import zh from './i18n/zh-CN.json';
import { LoginPage } from './LoginPage';

mountFace({ face: { 'zh-CN': zh, en }, needsSession: false, render: ({ setLocale }) => <LoginPage onLocale={setLocale} /> });
