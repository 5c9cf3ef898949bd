import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;
// The static "Loading tocsin…" placeholder is not Preact's to diff; clear it first.
root.textContent = '';
render(<App />, root);
