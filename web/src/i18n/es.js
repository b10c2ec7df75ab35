// Spanish (es): the page's messages, keyed by their English source text (web/src/i18n.js).
// Placeholders in {braces} stay as they are. Kept in the order of the screens.
export default {
  // The page's frame (index.html, main.js)
  'Skip to main content': 'Saltar al contenido principal',
  'patient-owned health record': 'historia clínica en manos del paciente',
  'Not connected': 'Sin conectar',
  Locked: 'Bloqueada',
  'Lock now': 'Bloquear ahora',
  Main: 'Principal',
  Notifications: 'Avisos',
  'Loading…': 'Cargando…',
  'Records are encrypted in this page before they leave it. No server holds your keys.':
    'Los registros se cifran en esta página antes de salir de ella. Ningún servidor guarda sus claves.',
  'How this page works': 'Cómo funciona esta página',
  Language: 'Idioma',
  'A new version of this page is ready: it starts when every tab of it is closed.':
    'Hay una versión nueva de esta página: se abrirá cuando cierre todas sus pestañas.',

  // The menu
  Home: 'Inicio',
  Connect: 'Conectar',
  Account: 'Cuenta',
  'Built-in wallet': 'Monedero integrado',
  'Open a shared link': 'Abrir un enlace compartido',
  'Check a health card': 'Comprobar una tarjeta sanitaria',
  Settings: 'Ajustes',
  About: 'Acerca de',
  'Your chart': 'Su historia',
  Patients: 'Pacientes',
  Platform: 'Plataforma',
  Institution: 'Institución',
  Invitation: 'Invitación',

  // Home
  'Your health record, under your control': 'Su historia clínica, bajo su control',
  'You keep your medical records. Doctors, hospitals and labs see them only while you allow it. Records are encrypted in this page before they leave your device; the network stores only ciphertext and the list of who may read what.':
    'Usted guarda sus registros médicos. Médicos, hospitales y laboratorios los ven solo mientras usted lo permita. Los registros se cifran en esta página antes de salir de su dispositivo; la red guarda solo texto cifrado y la lista de quién puede leer qué.',
  'Connected as ': 'Conectado como ',
  'on {network}.': 'en {network}.',
  'Open your account': 'Abrir su cuenta',
  'Connect a wallet': 'Conectar un monedero',
  'Use the built-in wallet': 'Usar el monedero integrado',
  'On a shared computer?': '¿En un ordenador compartido?',
  'Shared-terminal mode is on: the page keeps nothing of yours on this computer, locks after a minute without activity and as soon as you switch to another tab or window. Use “Lock now” at the top when you step away.':
    'El modo de terminal compartido está activado: la página no guarda nada suyo en este ordenador, se bloquea tras un minuto sin actividad y en cuanto cambia a otra pestaña o ventana. Use «Bloquear ahora», arriba, cuando se aleje.',
  'Shared-terminal mode is on: the page keeps nothing of yours on this computer, locks after {minutes} minutes without activity and as soon as you switch to another tab or window. Use “Lock now” at the top when you step away.':
    'El modo de terminal compartido está activado: la página no guarda nada suyo en este ordenador, se bloquea tras {minutes} minutos sin actividad y en cuanto cambia a otra pestaña o ventana. Use «Bloquear ahora», arriba, cuando se aleje.',
  'Shared-terminal mode is off: the page still keeps nothing on this computer and locks after a minute without activity. Turn it on in Settings when others use this computer.':
    'El modo de terminal compartido está desactivado: la página sigue sin guardar nada en este ordenador y se bloquea tras un minuto sin actividad. Actívelo en Ajustes si otras personas usan este ordenador.',
  'Shared-terminal mode is off: the page still keeps nothing on this computer and locks after {minutes} minutes without activity. Turn it on in Settings when others use this computer.':
    'El modo de terminal compartido está desactivado: la página sigue sin guardar nada en este ordenador y se bloquea tras {minutes} minutos sin actividad. Actívelo en Ajustes si otras personas usan este ordenador.',
};
