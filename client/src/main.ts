import { createApp } from 'vue'
import App from './App.vue'
import { loadMe } from './access.ts'
import { initToken } from './auth.ts'
import { initTheme } from './composables/use-theme.ts'
import { createAppRouter } from './router.ts'
import './styles/theme.css'
import './styles/base.css'
import './styles/components.css'
import './styles/print.css'

// Token and theme first: the first request must carry the token, and the
// first paint must already be in the right colours.
initToken()
initTheme()
void loadMe()

createApp(App).use(createAppRouter()).mount('#app')
