/** Entry point of the login page (login.html): no map, no deck.gl. */
import './base.css';
import './views/login/login.css';
import { LoginView } from './views/login/index.ts';

const root = document.getElementById('app');
if (!root) throw new Error('login.html lacks #app');
const view = new LoginView(root);

view.ready.then(
  () => {
    document.body.dataset.ready = 'true';
  },
  () => {
    document.body.dataset.ready = 'error';
  },
);
