/**
 * The page's only style sheet and script, served by tocsin itself (no fonts, CDNs or trackers: the page
 * must load when everything else is down). Colours meet WCAG AA on both themes; status is always
 * also written in words, never shown by colour alone.
 */
export const STATUS_CSS = `
:root{--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;
--ok:#1a7f37;--warn:#9a6700;--part:#bc4c00;--bad:#cf222e;--maint:#0969da;--none:#c4cbd3;
--okbar:#2da44e;--warnbar:#d4a72c;--partbar:#e16f24;--badbar:#cf222e;--maintbar:#218bff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--card:#161b22;
--ok:#3fb950;--warn:#d29922;--part:#f0883e;--bad:#f85149;--maint:#58a6ff;--none:#3d444d;
--okbar:#2ea043;--warnbar:#bb8009;--partbar:#db6d28;--badbar:#f85149;--maintbar:#388bfd}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:52rem;padding:1rem;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:var(--maint)}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--maint);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
.top{display:flex;gap:1rem;align-items:center;margin:1rem 0 1.5rem}.top h1{margin:0;font-size:1.6rem}.top p{margin:.2rem 0 0;color:var(--muted)}
h2{font-size:1.2rem;margin:2rem 0 .75rem}h3{font-size:1rem;margin:0}
.banner{border-radius:.5rem;padding:1rem 1.25rem;color:#fff;background:var(--ok)}
.banner h2{margin:0;font-size:1.35rem}.banner p{margin:.25rem 0 0}
.l-degraded_performance{background:var(--warn)}.l-partial_outage{background:var(--part)}.l-major_outage{background:var(--bad)}.l-under_maintenance{background:var(--maint)}
@media (prefers-color-scheme:dark){.banner{color:#0d1117}}
.components{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:.5rem}
.c{padding:1rem;border-top:1px solid var(--line)}.c:first-child{border-top:0}
.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.st{font-weight:600}.s-operational{color:var(--ok)}.s-degraded_performance{color:var(--warn)}
.s-partial_outage{color:var(--part)}.s-major_outage{color:var(--bad)}.s-under_maintenance{color:var(--maint)}.s-unknown{color:var(--muted)}
.since{margin:.25rem 0 0;color:var(--muted);font-size:.9rem}
.where{margin:.25rem 0 0;font-size:.9rem}.ls-down{color:var(--bad);font-weight:600}.ls-degraded{color:var(--warn);font-weight:600}.ls-unknown{color:var(--muted)}.ls-up{color:var(--ok)}
.bars{display:flex;gap:2px;list-style:none;margin:.75rem 0 .25rem;padding:0;height:2rem}
.bars li{flex:1;min-width:0;border-radius:2px;background:var(--okbar)}
.bars .n{background:var(--none)}.bars .m{background:var(--maintbar)}.bars .d{background:var(--warnbar)}.bars .x{background:var(--badbar)}
.bars li:hover,.bars li:focus{opacity:.7}.c{position:relative}
.tip{position:absolute;z-index:2;max-width:min(20rem,90vw);padding:.35rem .6rem;border-radius:.35rem;background:var(--fg);color:var(--bg);font-size:.85rem;pointer-events:none;white-space:normal}
.grp{margin:1.25rem 0 0}.grp>summary{cursor:pointer;margin:0 0 .5rem}.grp>summary h3{display:inline;color:var(--muted)}.grp>summary .gst{margin-left:.5rem;font-size:.9rem;font-weight:600}.w-operational{color:var(--ok)}.w-degraded_performance{color:var(--warn)}.w-partial_outage{color:var(--part)}.w-major_outage{color:var(--bad)}.w-under_maintenance{color:var(--maint)}.w-unknown{color:var(--muted)}
.archive{list-style:none;padding:0}.archive li{margin:.35rem 0}.archive .meta{display:inline}
.back{margin:1rem 0}
.axis{display:flex;justify-content:space-between;margin:0;color:var(--muted);font-size:.8rem}
.post{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:.5rem;padding:1rem;margin:0 0 1rem;background:var(--card)}
.i-minor{border-left-color:var(--warn)}.i-major,.i-critical{border-left-color:var(--bad)}.k-maintenance{border-left-color:var(--maint)}
.meta{margin:.25rem 0;color:var(--muted);font-size:.9rem}.tag{font-weight:600;color:var(--fg)}
.updates{list-style:none;margin:.5rem 0 0;padding:0}.updates>li{border-top:1px solid var(--line);padding:.5rem 0}
.u-h{margin:0}.updates p{margin:.25rem 0}.empty{color:var(--muted)}
footer{margin:2rem 0 1rem;color:var(--muted);font-size:.9rem}footer p{margin:.25rem 0}.subscribe{margin:0 0 1rem}.subscribe label{display:block;margin-bottom:.25rem}.subscribe input{padding:.35rem .5rem;max-width:16rem;width:60%;font:inherit}.subscribe button{padding:.35rem .75rem;font:inherit}
@media (max-width:40rem){body{padding:.75rem}.bars{gap:1px}.bars li:nth-child(-n+60){display:none}.axis span:first-child{visibility:hidden}}
`;

/**
 * Progressive refresh: ask for the same URL every data-refresh seconds (the browser revalidates with
 * its ETag, so an unchanged page costs a 304) and swap <main> in place. Works on a static export too.
 */
export const STATUS_JS = `(function(){
var s=+document.body.dataset.refresh||30;
function tick(){fetch(location.href,{cache:'no-cache'}).then(function(r){return r.ok?r.text():null}).then(function(t){
if(!t)return;var d=new DOMParser().parseFromString(t,'text/html'),m=d.getElementById('live'),cur=document.getElementById('live');
if(m&&cur&&m.innerHTML!==cur.innerHTML){cur.innerHTML=m.innerHTML;document.title=d.title}}).catch(function(){}).then(function(){setTimeout(tick,s*1000)})}
// Only the live page refreshes; a permalink or the archive does not change under the reader.
if(document.getElementById('live'))setTimeout(tick,s*1000);
function label(li){if(li.dataset.tip)return li.dataset.tip;
var i=[].indexOf.call(li.parentNode.children,li),d=new Date(+li.parentNode.dataset.start+i*864e5);
return d.toLocaleDateString(undefined,{timeZone:'UTC',day:'numeric',month:'short',year:'numeric'})+(li.className==='n'?': no data':': 100% uptime')}
function local(){[].forEach.call(document.querySelectorAll('time[datetime]'),function(t){if(t.dataset.local)return;
t.title=t.textContent;t.textContent=new Date(t.getAttribute('datetime')).toLocaleString(undefined,{dateStyle:'medium',timeStyle:'short'});t.dataset.local=1})}
function roving(){[].forEach.call(document.querySelectorAll('.bars'),function(ol){if(ol.dataset.roving)return;ol.dataset.roving=1;
var list=[].slice.call(ol.children),stop=list.filter(function(li){return li.dataset.tip}).pop()||list[list.length-1];
list.forEach(function(li){li.tabIndex=li===stop?0:-1;li.setAttribute('aria-label',label(li))})})}
var tip;function show(li){hide();var ol=li.parentNode,box=ol.parentNode;tip=document.createElement('div');tip.className='tip';tip.setAttribute('role','tooltip');tip.id='bar-tip';tip.textContent=label(li);
box.appendChild(tip);tip.style.top=(ol.offsetTop+ol.offsetHeight+4)+'px';tip.style.left=Math.max(0,Math.min(li.offsetLeft-60,box.clientWidth-tip.offsetWidth))+'px';li.setAttribute('aria-describedby','bar-tip')}
function hide(){if(tip){tip.remove();tip=null}}
function bar(e){var li=e.target;return li.matches&&li.matches('.bars li')?li:null}
document.addEventListener('mouseover',function(e){var li=bar(e);if(li&&!li.title)li.title=label(li)});
document.addEventListener('focusin',function(e){var li=bar(e);if(li)show(li);else hide()});document.addEventListener('click',function(e){var li=bar(e);if(li){li.focus();show(li)}else hide()});
document.addEventListener('keydown',function(e){var li=bar(e);if(!li)return;var all=[].slice.call(li.parentNode.querySelectorAll('li')),i=all.indexOf(li),
to={ArrowLeft:i-1,ArrowRight:i+1,Home:0,End:all.length-1}[e.key];if(e.key==='Escape')return hide();if(to===undefined)return;e.preventDefault();
var next=all[Math.max(0,Math.min(all.length-1,to))];li.tabIndex=-1;next.tabIndex=0;next.focus()});
function ready(){local();roving()}ready();new MutationObserver(ready).observe(document.getElementById('live')||document.body,{childList:true,subtree:true});
})();
`;
