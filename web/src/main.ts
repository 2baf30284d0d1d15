import './assets/main.css';

import { createApp } from 'vue';
import App from './App.vue';
import router from './router';
import { sessionKnown } from './session';
import { startSessionMonitor } from './session-monitor';

// The monitor first: it must see the first load turn into a session to tell the other tabs.
startSessionMonitor();
void sessionKnown();

createApp(App).use(router).mount('#app');
