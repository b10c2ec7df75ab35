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
  // About
  'This page is a static set of files: it can be served from IPFS or any web server, and it talks only to the services listed below. Everything private happens in your browser.':
    'Esta página es un conjunto estático de archivos: puede servirse desde IPFS o desde cualquier servidor web, y solo se comunica con los servicios que se indican abajo. Todo lo privado ocurre en su navegador.',
  'What is where': 'Qué está dónde',
  'Your records are encrypted in this page before upload; IPFS stores only ciphertext.':
    'Sus registros se cifran en esta página antes de subirse; IPFS guarda solo texto cifrado.',
  'The blockchain holds the content identifiers of your records, who may read them, and an audit trail. No names, dates of birth or record contents go on chain.':
    'La cadena de bloques guarda los identificadores de contenido de sus registros, quién puede leerlos y un registro de auditoría. Ni nombres, ni fechas de nacimiento, ni el contenido de los registros van a la cadena.',
  'Keys live in the page’s memory only. Nothing private is stored in this browser: no cookies, no local storage, nothing in the address bar.':
    'Las claves viven solo en la memoria de la página. No se guarda nada privado en este navegador: ni cookies, ni almacenamiento local, ni nada en la barra de direcciones.',
  'Revoking access stops someone from reading new records. What they already read cannot be taken back.':
    'Revocar el acceso impide que alguien lea registros nuevos. Lo que ya haya leído no puede recuperarse.',
  Connections: 'Conexiones',
  Network: 'Red',
  '(chain id {id})': '(id de cadena {id})',
  'Blockchain RPC': 'RPC de la cadena de bloques',
  'IPFS gateways': 'Pasarelas IPFS',
  'Upload endpoint': 'Punto de subida',
  none: 'ninguno',
  Contracts: 'Contratos',
  'not deployed for this network in this build': 'no desplegados para esta red en esta compilación',
  'What protects this page': 'Qué protege esta página',
  'A strict Content-Security-Policy: scripts only from this page’s own files, no eval, and network access only to the services above.':
    'Una Content-Security-Policy estricta: scripts solo de los propios archivos de esta página, sin eval, y acceso a la red solo a los servicios de arriba.',
  'Integrity checks: the browser refuses any of this page’s scripts, its style sheet or its WebAssembly module if a byte differs from the build.':
    'Comprobaciones de integridad: el navegador rechaza cualquier script de esta página, su hoja de estilos o su módulo WebAssembly si un solo byte difiere de la compilación.',
  'When loaded from IPFS by its content identifier, the address itself pins the exact files.':
    'Cargada desde IPFS por su identificador de contenido, la propia dirección fija los archivos exactos.',
  'This is a development build: it points at a local test network. Do not use it with real health data.':
    'Esta es una compilación de desarrollo: apunta a una red de pruebas local. No la use con datos de salud reales.',
};
