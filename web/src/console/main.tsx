import { mountFace } from '../shared/face-root';
import { ConsoleApp } from './ConsoleApp';
import './console.css';
import en from './i18n/en.json';
import zh from './i18n/zh-CN.json';

// 指挥工作台: the command centre's desktop console (case inbox, case handling, evaluation, administration).
mountFace({ face: { 'zh-CN': zh, en }, permission: 'case:read', render: () => <ConsoleApp /> });
