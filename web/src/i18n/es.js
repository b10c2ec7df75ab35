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

  // Notices and transactions (notices.js, tx.js)
  Details: 'Detalles',
  Dismiss: 'Descartar',
  'Dismiss: {title}': 'Descartar: {title}',
  'Try again': 'Volver a intentarlo',
  'No wallet is connected': 'No hay ningún monedero conectado',
  'Connect a wallet to continue {action}.': 'Conecte un monedero para continuar ({action}).',
  'Your wallet is not on {network}.': 'Su monedero no está en {network}.',
  'Open your account to switch': 'Abrir su cuenta para cambiar de red',
  'Checking…': 'Comprobando…',
  'Signing…': 'Firmando…',
  'Approve the transaction in your wallet…': 'Apruebe la transacción en su monedero…',
  'Signing the request…': 'Firmando la solicitud…',
  'Sign the request in your wallet…': 'Firme la solicitud en su monedero…',
  'The relay submits it and pays the network fee, not you.': 'El relé la envía y paga la comisión de la red, no usted.',
  'A clinician submits it and pays the network fee, not you.':
    'Un profesional sanitario la envía y paga la comisión de la red, no usted.',
  'Waiting for a clinician to submit your signed request (they pay the fee)…':
    'Esperando a que un profesional sanitario envíe su solicitud firmada (la comisión la paga él)…',
  'Sent ({hash}). Waiting for the network to confirm…': 'Enviada ({hash}). Esperando la confirmación de la red…',
  'Sent ({hash}); the relay pays the fee. Waiting for the network to confirm…':
    'Enviada ({hash}); el relé paga la comisión. Esperando la confirmación de la red…',
  'Sent ({hash}); the clinician pays the fee. Waiting for the network to confirm…':
    'Enviada ({hash}); el profesional sanitario paga la comisión. Esperando la confirmación de la red…',
  'Done.': 'Hecho.',
  'Not done: nothing was changed. What you typed is still here.':
    'No se ha hecho: no ha cambiado nada. Lo que escribió sigue aquí.',

  // Errors (errors.js); `action` phrases are the screens' own messages (infinitives in Spanish)
  'the request': 'la solicitud',
  'The page was locked': 'La página se ha bloqueado',
  'The session was locked while this was running, so it was stopped.':
    'La sesión se bloqueó mientras esto estaba en curso, así que se detuvo.',
  'Start again: nothing was sent.': 'Empiece de nuevo: no se envió nada.',
  'You declined the request in your wallet': 'Ha rechazado la solicitud en su monedero',
  'Nothing was changed: {action} was cancelled in the wallet.':
    'No ha cambiado nada: se canceló en el monedero ({action}).',
  'If that was a mistake, try again and approve it in your wallet.':
    'Si fue un error, vuelva a intentarlo y apruébela en su monedero.',
  'The network’s RPC endpoint refused the request': 'El punto de acceso RPC de la red rechazó la solicitud',
  "The network's RPC endpoint ({host}) refused the request: {reason}.":
    'El punto de acceso RPC de la red ({host}) rechazó la solicitud: {reason}.',
  "The network's RPC endpoint refused the request: {reason}.":
    'El punto de acceso RPC de la red rechazó la solicitud: {reason}.',
  'Wait a moment, then try again. If it keeps happening, the endpoint’s free limits are too low for this page: use a wallet or an RPC endpoint with higher limits.':
    'Espere un momento y vuelva a intentarlo. Si sigue ocurriendo, los límites gratuitos del punto de acceso son demasiado bajos para esta página: use un monedero o un punto de acceso RPC con límites más altos.',
  'Try again. If it keeps happening, the endpoint’s limits are too tight for this page: use a wallet or an RPC endpoint with higher limits.':
    'Vuelva a intentarlo. Si sigue ocurriendo, los límites del punto de acceso son demasiado estrictos para esta página: use un monedero o un punto de acceso RPC con límites más altos.',
  'Your wallet is already waiting for you': 'Su monedero ya le está esperando',
  'A request from this page is open in your wallet.': 'Hay una solicitud de esta página abierta en su monedero.',
  'Open your wallet (the extension icon in the browser toolbar), finish or cancel the open request, then try again.':
    'Abra su monedero (el icono de la extensión en la barra del navegador), termine o cancele la solicitud abierta y vuelva a intentarlo.',
  'The wallet has not authorised this page': 'El monedero no ha autorizado esta página',
  'The wallet did not let this page use the account.': 'El monedero no dejó que esta página usara la cuenta.',
  'Connect again and allow this page to see your account.':
    'Vuelva a conectar y permita que esta página vea su cuenta.',
  'Your wallet cannot do this': 'Su monedero no puede hacer esto',
  'The wallet does not support {action} ({detail}).': 'El monedero no permite esta operación: {action} ({detail}).',
  'The wallet does not support {action}.': 'El monedero no permite esta operación: {action}.',
  'Use another wallet, or the built-in wallet of this page.':
    'Use otro monedero, o el monedero integrado de esta página.',
  'Your wallet is offline': 'Su monedero no tiene conexión',
  'The wallet is not connected to a network right now.': 'El monedero no está conectado a ninguna red en este momento.',
  'Check your internet connection and the wallet, then try again.':
    'Compruebe su conexión a internet y el monedero, y vuelva a intentarlo.',
  'Your wallet does not know this network': 'Su monedero no conoce esta red',
  'The wallet has no settings for the network this page uses.':
    'El monedero no tiene la configuración de la red que usa esta página.',
  'Add the network to your wallet when it asks, then try again.':
    'Añada la red a su monedero cuando se lo pida y vuelva a intentarlo.',
  'Not enough ETH for the network fee': 'No hay suficiente ETH para la comisión de la red',
  'The account cannot pay the fee this transaction needs.':
    'La cuenta no puede pagar la comisión que necesita esta transacción.',
  'Add some ETH to the account, or ask a clinician to submit a signed consent for you (no ETH needed).':
    'Añada algo de ETH a la cuenta, o pida a un profesional sanitario que envíe por usted un consentimiento firmado (no hace falta ETH).',
  'The network could not be reached': 'No se pudo acceder a la red',
  'The page could not reach the server needed for {action}.':
    'La página no pudo conectar con el servidor necesario para esta operación: {action}.',
  'Check your connection and try again. If it keeps failing, the service may be down: try again later.':
    'Compruebe su conexión y vuelva a intentarlo. Si sigue fallando, puede que el servicio no esté disponible: inténtelo más tarde.',
  'Not done': 'No se ha hecho',
  'This consent code cannot be used': 'Este código de consentimiento no se puede usar',
  'Ask the patient to show the code again, or to sign a new one.':
    'Pida al paciente que vuelva a mostrar el código o que firme uno nuevo.',
  'The network is not the expected one': 'La red no es la esperada',
  'The page’s configuration points at a node of another network. Tell whoever hosts this page; meanwhile use a wallet extension.':
    'La configuración de la página apunta a un nodo de otra red. Avise a quien aloja esta página; mientras tanto, use un monedero de extensión.',
  'Not at this address': 'No en esta dirección',
  'This page does not connect a wallet or unlock keys at a shared address or inside another page.':
    'Esta página no conecta ningún monedero ni desbloquea claves en una dirección compartida ni dentro de otra página.',
  'Open it at {address} instead.': 'Ábrala en {address}.',
  'Open it from a subdomain gateway, its DNSLink name or a web server instead.':
    'Ábrala desde una pasarela de subdominio, su nombre DNSLink o un servidor web.',
  'Not available in this build': 'No disponible en esta compilación',
  'Use a wallet extension instead.': 'Use un monedero de extensión.',
  'The operation failed': 'La operación falló',
  'Check what you entered and try again.': 'Revise lo que escribió y vuelva a intentarlo.',
  'The wallet reported an error': 'El monedero informó de un error',
  'Error {code}': 'Error {code}',
  'Try again. If it keeps failing, reload the page or restart the wallet.':
    'Vuelva a intentarlo. Si sigue fallando, recargue la página o reinicie el monedero.',
  'Something went wrong': 'Algo salió mal',
  'An unexpected error occurred.': 'Se produjo un error inesperado.',
  'Try again. If it keeps failing, reload the page: nothing you typed is sent anywhere without your approval.':
    'Vuelva a intentarlo. Si sigue fallando, recargue la página: nada de lo que escribió se envía a ningún sitio sin su aprobación.',
  // What a public RPC endpoint would not do (chain/rpc-errors.js)
  'too many requests in a short time': 'demasiadas solicitudes en poco tiempo',
  'it reads the history only in small block ranges, and a range was too large':
    'solo lee el historial en rangos de bloques pequeños, y un rango era demasiado grande',
  'the answer would have held more results than it returns at once':
    'la respuesta habría tenido más resultados de los que devuelve de una vez',
  'the request or its answer was too large': 'la solicitud o su respuesta era demasiado grande',
  // The contracts' refusals (chain/reverts.js)
  'The network refused the transaction.': 'La red rechazó la transacción.',
  'Nothing was changed. Reload the page and try again.':
    'No ha cambiado nada. Recargue la página y vuelva a intentarlo.',
  'The contract refused: {reason}': 'El contrato lo rechazó: {reason}',
  'Nothing was changed.': 'No ha cambiado nada.',
  'The contract refused the transaction ({name}).': 'El contrato rechazó la transacción ({name}).',
  'Only the platform administrator can do this.': 'Solo el administrador de la plataforma puede hacer esto.',
  'Connect the administrator’s account.': 'Conecte la cuenta del administrador.',
  'This account was not proposed as the new administrator.': 'Esta cuenta no fue propuesta como nuevo administrador.',
  'Connect the proposed account.': 'Conecte la cuenta propuesta.',
  'An address is missing.': 'Falta una dirección.',
  'Enter a full 0x address.': 'Escriba una dirección 0x completa.',
  'That kind of institution does not exist.': 'Ese tipo de institución no existe.',
  'Choose hospital, lab, insurer or pharmacy.': 'Elija hospital, laboratorio, aseguradora o farmacia.',
  'The name is empty.': 'El nombre está vacío.',
  'Enter a name.': 'Escriba un nombre.',
  'There is no such institution.': 'No existe esa institución.',
  'Check the institution number.': 'Compruebe el número de la institución.',
  'The institution is suspended.': 'La institución está suspendida.',
  'Ask the platform administrator to lift the suspension.':
    'Pida al administrador de la plataforma que levante la suspensión.',
  'The institution is not suspended.': 'La institución no está suspendida.',
  'Nothing to undo.': 'No hay nada que deshacer.',
  'Only the institution’s administrator can do this.': 'Solo el administrador de la institución puede hacer esto.',
  'Connect the institution administrator’s account.': 'Conecte la cuenta del administrador de la institución.',
  'That role does not exist.': 'Esa función no existe.',
  'Choose doctor, nurse or lab technician.': 'Elija médico, enfermero o técnico de laboratorio.',
  'This account already belongs to an institution.': 'Esta cuenta ya pertenece a una institución.',
  'Remove it from its institution first.': 'Quítela primero de su institución.',
  'This account is not a member of that institution.': 'Esta cuenta no es miembro de esa institución.',
  'Check the address.': 'Compruebe la dirección.',
  'This account is not a member of any institution.': 'Esta cuenta no es miembro de ninguna institución.',
  'Ask an institution administrator to invite it, then accept the invitation from this account.':
    'Pida al administrador de una institución que la invite y acepte después la invitación desde esta cuenta.',
  'A newer group key is already published.': 'Ya hay publicada una clave de grupo más reciente.',
  'Reload and try again.': 'Recargue y vuelva a intentarlo.',
  'The group key changed meanwhile.': 'La clave de grupo cambió mientras tanto.',
  'Reload and rotate or share the key again.': 'Recargue y vuelva a renovar o a compartir la clave.',
  'The encryption key is missing.': 'Falta la clave de cifrado.',
  'Try again; if it persists, reload the page.': 'Vuelva a intentarlo; si persiste, recargue la página.',
  'This account is already registered as a patient.': 'Esta cuenta ya está registrada como paciente.',
  'Open your chart.': 'Abra su historia clínica.',
  'This account is not registered as a patient.': 'Esta cuenta no está registrada como paciente.',
  'Register first.': 'Regístrese primero.',
  'No category was chosen.': 'No se eligió ninguna categoría.',
  'Choose at least one category of records.': 'Elija al menos una categoría de registros.',
  'That record category does not exist.': 'Esa categoría de registros no existe.',
  'Choose another category.': 'Elija otra categoría.',
  'The expiry date is in the past.': 'La fecha de caducidad ya ha pasado.',
  'Choose a date in the future, or no expiry.': 'Elija una fecha futura, o sin caducidad.',
  'That is not someone access can be given to.': 'No se puede dar acceso a esa persona o entidad.',
  'Choose a clinician or an institution from the list.':
    'Elija un profesional sanitario o una institución de la lista.',
  'This person or institution cannot receive that access.': 'Esta persona o institución no puede recibir ese acceso.',
  'Check that they are an active member, or pick other categories.':
    'Compruebe que es un miembro activo, o elija otras categorías.',
  'There is no such access to revoke.': 'No existe ese acceso para revocarlo.',
  'Reload the list of who has access.': 'Recargue la lista de quién tiene acceso.',
  'This access has not expired yet.': 'Este acceso aún no ha caducado.',
  'Revoke it instead.': 'Revóquelo en su lugar.',
  'This category’s keys cannot be renewed any more.': 'Las claves de esta categoría ya no pueden renovarse más.',
  'Contact support.': 'Póngase en contacto con el soporte.',
  'The signed consent has expired.': 'El consentimiento firmado ha caducado.',
  'Ask the patient to sign a new one.': 'Pida al paciente que firme uno nuevo.',
  'This signed consent was already used or cancelled.': 'Este consentimiento firmado ya se usó o se canceló.',
  'The signature is not in the expected form.': 'La firma no tiene la forma esperada.',
  'Ask the patient to sign again.': 'Pida al paciente que vuelva a firmar.',
  'The signature is not valid.': 'La firma no es válida.',
  'The consent was signed by another account.': 'El consentimiento lo firmó otra cuenta.',
  'Ask the patient to sign with their own account.': 'Pida al paciente que firme con su propia cuenta.',
  'The patient has not authorised your institution for emergencies.':
    'El paciente no ha autorizado a su institución para emergencias.',
  'Use the normal access request.': 'Use la solicitud de acceso normal.',
  'Choose a reason for emergency access.': 'Elija un motivo para el acceso de emergencia.',
  'Pick one of the listed reasons.': 'Elija uno de los motivos de la lista.',
  'The emergency access duration is not allowed.': 'La duración del acceso de emergencia no está permitida.',
  'Choose up to 24 hours.': 'Elija hasta 24 horas.',
  'There is no emergency access to end.': 'No hay ningún acceso de emergencia que terminar.',
  'Reload the page.': 'Recargue la página.',
  'This account is not allowed to do this.': 'Esta cuenta no tiene permiso para hacer esto.',
  'Connect the right account.': 'Conecte la cuenta correcta.',
  'Nothing would change.': 'No cambiaría nada.',
  'Nothing to do.': 'No hay nada que hacer.',
  'The record’s content identifier is not supported.': 'El identificador de contenido del registro no es compatible.',
  'Upload the record again.': 'Vuelva a subir el registro.',
  'The record’s content identifier is empty.': 'El identificador de contenido del registro está vacío.',
  'Your role cannot add records in this category.': 'Su función no permite añadir registros en esta categoría.',
  'Ask a colleague whose role can.': 'Pídaselo a un colega cuya función lo permita.',
  'You do not have access to this category of the patient’s records.':
    'No tiene acceso a esta categoría de los registros del paciente.',
  'Ask the patient for access.': 'Pida acceso al paciente.',
  'There is no such record.': 'No existe ese registro.',
  'Reload the chart.': 'Recargue la historia clínica.',
  'This record was redacted.': 'Este registro se ha anulado.',
  'Nothing more can be done to it.': 'Ya no se puede hacer nada más con él.',
  'A newer version of this record exists.': 'Existe una versión más reciente de este registro.',
  'Amend the newest version.': 'Modifique la versión más reciente.',
  'That family relation does not exist.': 'Esa relación familiar no existe.',
  'Choose a relation from the list.': 'Elija una relación de la lista.',
  'You cannot link your record to yourself.': 'No puede vincular su historia clínica consigo mismo.',
  'Enter your relative’s address.': 'Escriba la dirección de su familiar.',
  'This family link already exists.': 'Este vínculo familiar ya existe.',
  'There is no such family-link proposal.': 'No existe esa propuesta de vínculo familiar.',
  'Ask your relative to propose it again.': 'Pida a su familiar que vuelva a proponerlo.',
  'There is no such family link.': 'No existe ese vínculo familiar.',
  'There is no such appointment.': 'No existe esa cita.',
  'Reload the appointments.': 'Recargue las citas.',
  'The appointment cannot be changed in its current state.': 'La cita no puede cambiarse en su estado actual.',
  'The appointment starts in the past.': 'La cita empieza en el pasado.',
  'Choose a later time.': 'Elija una hora posterior.',
  'That is not a clinician or institution that takes appointments.':
    'No es un profesional sanitario ni una institución que acepte citas.',
  'Choose from the list.': 'Elija de la lista.',
  'There is no such invitation for this account.': 'No existe esa invitación para esta cuenta.',
  'It may have been withdrawn, declined or changed: reload the page, or ask the institution administrator to invite the account again.':
    'Puede que se haya retirado, rechazado o cambiado: recargue la página o pida al administrador de la institución que vuelva a invitar a la cuenta.',
  'This institution has no group key yet, so nothing can be shared with it.':
    'Esta institución aún no tiene clave de grupo, así que no se puede compartir nada con ella.',
  'Ask its administrator to create a group key, or share with one of its clinicians instead.':
    'Pida a su administrador que cree una clave de grupo, o comparta con uno de sus profesionales sanitarios.',
  'An earlier access of this person or institution ended and its keys have not been renewed yet.':
    'Un acceso anterior de esta persona o institución terminó y sus claves aún no se han renovado.',
  'Renew the keys on the access screen first, then give access again.':
    'Renueve primero las claves en la pantalla de acceso y después vuelva a dar acceso.',
  'No access is waiting for its keys to be renewed.': 'Ningún acceso está esperando a que se renueven sus claves.',
  'Nothing to do: reload the page.': 'No hay nada que hacer: recargue la página.',
  'Your records are already shared with as many people and institutions as a chart can list.':
    'Sus registros ya se comparten con tantas personas e instituciones como puede incluir una historia clínica.',
  'Revoke an access you no longer need, then try again.': 'Revoque un acceso que ya no necesite y vuelva a intentarlo.',
  'Your chart’s keys cannot be renewed any more.': 'Las claves de su historia clínica ya no pueden renovarse más.',
  'This signed consent is out of date: access changed since it was signed.':
    'Este consentimiento firmado está desactualizado: el acceso cambió desde que se firmó.',

  // A page opened from a shared address or inside a frame (shared-origin.js)
  'This page is opened from a shared address': 'Esta página se ha abierto desde una dirección compartida',
  'Every other site on this IPFS gateway shares this address, and any of them could read your records once you unlock them here. So this page does not connect a wallet or unlock keys at this address.':
    'Todos los demás sitios de esta pasarela IPFS comparten esta dirección, y cualquiera de ellos podría leer sus registros en cuanto los desbloquee aquí. Por eso esta página no conecta ningún monedero ni desbloquea claves en esta dirección.',
  'Open it at its own address instead:': 'Ábrala en su propia dirección:',
  'Open it from an address of its own instead: a subdomain gateway (https://<cid>.ipfs.<gateway>/), its DNSLink name or a web server.':
    'Ábrala desde una dirección propia: una pasarela de subdominio (https://<cid>.ipfs.<gateway>/), su nombre DNSLink o un servidor web.',
  'This page does not work inside another page': 'Esta página no funciona dentro de otra página',
  'Open it in a tab of its own.': 'Ábrala en una pestaña propia.',

  // Account
  'Your account': 'Su cuenta',
  'No wallet is connected.': 'No hay ningún monedero conectado.',
  'Not shown on another network': 'No se muestra en otra red',
  'Wrong network': 'Red equivocada',
  'Your wallet is on {network}. This page works on {expected} (chain id {id}).':
    'Su monedero está en {network}. Esta página funciona en {expected} (id de cadena {id}).',
  'Switch to {network}': 'Cambiar a {network}',
  'Switched to {network}': 'Ahora en {network}',
  'The wallet is still on another network': 'El monedero sigue en otra red',
  'It reports {network}.': 'Indica {network}.',
  'Choose {network} in your wallet, or try again.': 'Elija {network} en su monedero o vuelva a intentarlo.',
  'switching the network': 'cambiar de red',
  'no network': 'ninguna red',
  'chain {id}': 'cadena {id}',
  Wallet: 'Monedero',
  '(chain id unknown)': '(id de cadena desconocido)',
  Balance: 'Saldo',
  'Refresh balance': 'Actualizar el saldo',
  'reading the balance': 'leer el saldo',
  'Close the wallet': 'Cerrar el monedero',
  Disconnect: 'Desconectar',
  'Wallet closed': 'Monedero cerrado',
  'Its key was wiped from this page’s memory. Open it again with its recovery phrase or keystore file.':
    'Su clave se ha borrado de la memoria de esta página. Vuelva a abrirlo con su frase de recuperación o su archivo de almacén de claves.',
  Disconnected: 'Desconectado',
  'The page forgot the connection. Your wallet itself is unchanged: lock it from its own menu on a shared computer.':
    'La página ha olvidado la conexión. Su monedero no ha cambiado: bloquéelo desde su propio menú en un ordenador compartido.',

  // What an account-bound screen shows first (gated.js)
  'Reading your roles on the network…': 'Leyendo sus funciones en la red…',
  'reading your roles on the network': 'leer sus funciones en la red',
  'Your wallet is on another network.': 'Su monedero está en otra red.',
  'Switch network': 'Cambiar de red',
  'The contracts are not deployed on {network} in this build.':
    'Los contratos no están desplegados en {network} en esta compilación.',

  // Institutions and roles (chain/roles.js)
  Hospital: 'Hospital',
  Laboratory: 'Laboratorio',
  Insurer: 'Aseguradora',
  Pharmacy: 'Farmacia',
  Doctor: 'Médico',
  Nurse: 'Enfermero',
  'Lab technician': 'Técnico de laboratorio',
  institution: 'institución',
  'Institution {id}': 'Institución {id}',
  'institution {id}': 'institución {id}',
  'kind {n}': 'tipo {n}',
  'role {n}': 'función {n}',

  // Platform administration (admin.js)
  'Platform administration': 'Administración de la plataforma',
  'Connect the account that administers this.': 'Conecte la cuenta que administra esto.',
  'Only the platform administrator’s account can add or suspend institutions.':
    'Solo la cuenta del administrador de la plataforma puede añadir o suspender instituciones.',
  Institutions: 'Instituciones',
  'No institution yet.': 'Todavía no hay ninguna institución.',
  'One institution.': 'Una institución.',
  '{count} institutions.': '{count} instituciones.',
  '{total} institutions. Showing the first {count}.': '{total} instituciones. Se muestran las primeras {count}.',
  'Showing the first {count} institutions; more may follow.':
    'Se muestran las primeras {count} instituciones; puede haber más.',
  'Loading institutions…': 'Cargando instituciones…',
  'The list could not be loaded.': 'No se pudo cargar la lista.',
  'loading the institutions': 'cargar las instituciones',
  'Load more institutions': 'Cargar más instituciones',
  'Load more': 'Cargar más',
  Active: 'Activa',
  Suspended: 'Suspendida',
  Number: 'Número',
  Kind: 'Tipo',
  Jurisdiction: 'Jurisdicción',
  Administrator: 'Administrador',
  Reinstate: 'Rehabilitar',
  Suspend: 'Suspender',
  'Reinstate {name}': 'Rehabilitar {name}',
  'Suspend {name}': 'Suspender {name}',
  'reinstating the institution': 'rehabilitar la institución',
  'suspending the institution': 'suspender la institución',
  '{name} reinstated': '{name}: rehabilitada',
  '{name} suspended: its members lost access': '{name}: suspendida; sus miembros han perdido el acceso',
  'Add an institution': 'Añadir una institución',
  Name: 'Nombre',
  'Public: it is written on the blockchain for everyone to read.':
    'Público: se escribe en la cadena de bloques para que cualquiera lo lea.',
  'For example a country code such as FR or US-CA.': 'Por ejemplo, un código de país como FR o US-CA.',
  'Administrator’s account address': 'Dirección de la cuenta del administrador',
  'Add the institution': 'Añadir la institución',
  'Enter the institution’s name.': 'Escriba el nombre de la institución.',
  'Enter an account address: 0x followed by 40 hexadecimal digits (check the capital letters if you pasted a checksummed address).':
    'Escriba una dirección de cuenta: 0x seguido de 40 dígitos hexadecimales (revise las mayúsculas si pegó una dirección con suma de comprobación).',
  'adding the institution': 'añadir la institución',
  '{name} added': '{name}: añadida',

  // Institution administration (admin-members.js)
  'Institution administration': 'Administración de la institución',
  'This account does not administer an institution.': 'Esta cuenta no administra ninguna institución.',
  '({kind})': '({kind})',
  '({kind}, suspended)': '({kind}, suspendida)',
  Members: 'Miembros',
  'Members of institution {id}': 'Miembros de la institución {id}',
  'No member yet.': 'Todavía no hay ningún miembro.',
  'One member.': 'Un miembro.',
  '{count} members.': '{count} miembros.',
  '{total} members. Showing the first {count}.': '{total} miembros. Se muestran los primeros {count}.',
  'Showing the first {count} members; more may follow.': 'Se muestran los primeros {count} miembros; puede haber más.',
  'Loading members…': 'Cargando miembros…',
  'The members could not be loaded.': 'No se pudieron cargar los miembros.',
  'loading the members': 'cargar los miembros',
  'Load more members of institution {id}': 'Cargar más miembros de la institución {id}',
  Role: 'Función',
  Specialty: 'Especialidad',
  Licence: 'Licencia',
  Remove: 'Quitar',
  'Remove {name}': 'Quitar a {name}',
  'removing the member': 'quitar al miembro',
  '{name} removed: grants to them stopped counting':
    'Se ha quitado a {name}: los accesos que tenía concedidos dejan de contar',
  'The member removed: grants to them stopped counting':
    'Se ha quitado al miembro: los accesos que tenía concedidos dejan de contar',
  'Pending invitations': 'Invitaciones pendientes',
  'Pending invitations of institution {id}': 'Invitaciones pendientes de la institución {id}',
  'No pending invitation.': 'No hay ninguna invitación pendiente.',
  'One pending invitation.': 'Una invitación pendiente.',
  '{count} pending invitations.': '{count} invitaciones pendientes.',
  '{total} pending invitations. Showing the first {count}.':
    '{total} invitaciones pendientes. Se muestran las primeras {count}.',
  'Showing the first {count} pending invitations; more may follow.':
    'Se muestran las primeras {count} invitaciones pendientes; puede haber más.',
  'Loading invitations…': 'Cargando invitaciones…',
  'The invitations could not be loaded.': 'No se pudieron cargar las invitaciones.',
  'loading the invitations': 'cargar las invitaciones',
  'Load more pending invitations of institution {id}': 'Cargar más invitaciones pendientes de la institución {id}',
  Invited: 'Invitado',
  'Not a member until they accept from their own account.': 'No es miembro hasta que acepte desde su propia cuenta.',
  'Withdraw invitation': 'Retirar la invitación',
  'Withdraw invitation of {name}': 'Retirar la invitación de {name}',
  'withdrawing the invitation': 'retirar la invitación',
  'Invitation of {name} withdrawn': 'Invitación de {name} retirada',
  'Invitation of the account withdrawn': 'Invitación de la cuenta retirada',
  'Invite a member': 'Invitar a un miembro',
  'An invitation makes nobody a member: the person accepts it from their own account, with exactly the details below. Until then you can withdraw it.':
    'Una invitación no hace miembro a nadie: la persona la acepta desde su propia cuenta, con exactamente los datos de abajo. Hasta entonces puede retirarla.',
  'Invite a member to institution {id}': 'Invitar a un miembro a la institución {id}',
  'Account address': 'Dirección de la cuenta',
  'The person’s own account: they accept the invitation from it.':
    'La cuenta propia de la persona: desde ella acepta la invitación.',
  'Display name': 'Nombre visible',
  'Public, like the licence and specialty: patients choose clinicians by these.':
    'Público, como la licencia y la especialidad: los pacientes eligen a sus profesionales sanitarios por estos datos.',
  'Licence number': 'Número de licencia',
  'Invite the member': 'Invitar al miembro',
  'inviting the member': 'invitar al miembro',
  '{name} invited: they become a member when they accept from their own account':
    'Invitación enviada a {name}: será miembro cuando la acepte desde su propia cuenta',

  // An institution's group key (admin-group-key.js)
  'Group key': 'Clave de grupo',
  'Reading the group key…': 'Leyendo la clave de grupo…',
  'The group key could not be read.': 'No se pudo leer la clave de grupo.',
  'No group key yet: patients cannot share with the institution as a whole, nor authorise it for emergencies.':
    'Todavía no hay clave de grupo: los pacientes no pueden compartir con la institución en su conjunto ni autorizarla para emergencias.',
  'Group key version {version} is in force.': 'Está vigente la versión {version} de la clave de grupo.',
  'A member was removed: create a new group key now (version {version} is no longer safe to share with)':
    'Se ha quitado a un miembro: cree ahora una nueva clave de grupo (ya no es seguro compartir con la versión {version})',
  'The removed member knew the current group key: until you create a new one, records shared with the institution cannot be sealed to it.':
    'El miembro que se ha quitado conocía la clave de grupo actual: hasta que cree una nueva, los registros compartidos con la institución no pueden sellarse para ella.',
  'After a member leaves, create a new group key: records shared from then on use keys the former member cannot open. After a member joins and publishes an encryption key, share the key in force with them. Your wallet signs for your own encryption key first.':
    'Cuando un miembro se vaya, cree una nueva clave de grupo: los registros compartidos a partir de entonces usan claves que el antiguo miembro no puede abrir. Cuando un miembro se incorpore y publique una clave de cifrado, comparta con él la clave vigente. Su monedero firma primero para su propia clave de cifrado.',
  'Create a new group key': 'Crear una nueva clave de grupo',
  'Create a new group key for institution {id}': 'Crear una nueva clave de grupo para la institución {id}',
  'Share the group key with all members': 'Compartir la clave de grupo con todos los miembros',
  'Share the group key with all members (institution {id})':
    'Compartir la clave de grupo con todos los miembros (institución {id})',
  'Deriving your key…': 'Derivando su clave…',
  'Approve the two signature requests in your wallet (your own encryption key)…':
    'Apruebe las dos solicitudes de firma en su monedero (su propia clave de cifrado)…',
  'Publishing the new group key…': 'Publicando la nueva clave de grupo…',
  'Uploading the sealed copies for the members…': 'Subiendo las copias selladas para los miembros…',
  'Recording where the members find them…': 'Registrando dónde las encuentran los miembros…',
  'Group key version {version} published': 'Versión {version} de la clave de grupo publicada',
  'Group key version {version} shared again': 'Versión {version} de la clave de grupo compartida de nuevo',
  'Sealed to one member.': 'Sellada para un miembro.',
  'Sealed to {count} members.': 'Sellada para {count} miembros.',
  'One member has not published an encryption key yet: share again once they have.':
    'Un miembro aún no ha publicado su clave de cifrado: vuelva a compartirla cuando lo haya hecho.',
  '{count} members have not published an encryption key yet: share again once they have.':
    '{count} miembros aún no han publicado su clave de cifrado: vuelva a compartirla cuando lo hayan hecho.',
  'This account holds no copy of the group key in force':
    'Esta cuenta no tiene ninguna copia de la clave de grupo vigente',
  'It was created by another account, or before this page sealed a copy to its administrator.':
    'La creó otra cuenta, o se creó antes de que esta página sellara una copia para su administrador.',
  'Create a new group key instead: every member with a published key receives it, and patients are asked to renew what they shared.':
    'Cree en su lugar una nueva clave de grupo: la recibe cada miembro con una clave publicada, y se pide a los pacientes que renueven lo que compartieron.',
  'rotating the group key': 'renovar la clave de grupo',
  'sharing the group key': 'compartir la clave de grupo',

  // An invitation to join an institution (invitation.js; the notice on connection: main.js)
  'An institution invited this account to join it': 'Una institución ha invitado a esta cuenta a unirse a ella',
  'You become a member only if you accept.': 'Solo será miembro si acepta.',
  'See the invitation': 'Ver la invitación',
  'Your invitation': 'Su invitación',
  'Connect the account that was invited.': 'Conecte la cuenta que recibió la invitación.',
  'Reading your invitation…': 'Leyendo su invitación…',
  'The invitation could not be read.': 'No se pudo leer la invitación.',
  'reading your invitation': 'leer su invitación',
  '{institution} invites you to join as a member': '{institution} le invita a unirse como miembro',
  '({kind}, number {id})': '({kind}, número {id})',
  '{institution} is suspended: the invitation can be accepted once the platform administrator reinstates it.':
    '{institution} está suspendida: podrá aceptar la invitación cuando el administrador de la plataforma la rehabilite.',
  'Accepting makes this account a member with exactly the details above. They are public: anyone can read them on the blockchain, and patients choose clinicians by them. Patients can then share records with you, and the institution’s administrator can share its group key with you once you publish your encryption key.':
    'Al aceptar, esta cuenta pasa a ser miembro con exactamente los datos de arriba. Son públicos: cualquiera puede leerlos en la cadena de bloques, y los pacientes eligen a sus profesionales sanitarios por ellos. Después, los pacientes podrán compartir registros con usted, y el administrador de la institución podrá compartir con usted su clave de grupo cuando publique su clave de cifrado.',
  'If a detail is wrong, decline and ask the administrator to invite you again. Nothing changes until you accept.':
    'Si algún dato es incorrecto, rechace la invitación y pida al administrador que le invite de nuevo. Nada cambia hasta que usted acepte.',
  'Accept the invitation': 'Aceptar la invitación',
  'Accept the invitation of {institution}': 'Aceptar la invitación de {institution}',
  'accepting the invitation': 'aceptar la invitación',
  'You are now a member of {institution}': 'Ahora es miembro de {institution}',
  Decline: 'Rechazar',
  'Decline the invitation of {institution}': 'Rechazar la invitación de {institution}',
  'declining the invitation': 'rechazar la invitación',
  'Invitation of {institution} declined': 'Invitación de {institution} rechazada',
  'This account is a member of {institution} ({role}).': 'Esta cuenta es miembro de {institution} ({role}).',
  'Open your patients': 'Abrir sus pacientes',
  'This account has no pending invitation to join an institution.':
    'Esta cuenta no tiene ninguna invitación pendiente para unirse a una institución.',

  // The record categories (records/scopes.js: the import review, the export, the timeline)
  'Lab results': 'Resultados de laboratorio',
  Imaging: 'Pruebas de imagen',
  Prescriptions: 'Recetas',
  'Clinical notes': 'Notas clínicas',
  'Mental health': 'Salud mental',
  'Family history': 'Antecedentes familiares',
  Immunizations: 'Vacunas',
  Allergies: 'Alergias',
  Vitals: 'Constantes vitales',
  'Sexual and reproductive health': 'Salud sexual y reproductiva',
  'Substance use': 'Consumo de sustancias',
  Genetics: 'Genética',
  'Billing and insurance': 'Facturación y seguros',
  'Encounters and discharge summaries': 'Consultas e informes de alta',
  Procedures: 'Procedimientos',
  'Care plans': 'Planes de cuidados',

  // Health standards: the patient's import, export and links (health.js, health-import.js,
  // records/import-run.js); what a plan says about a conversion (health/ccda.js, bundle-import.js)
  'Back to your records': 'Volver a sus registros',
  'Import into your chart': 'Importar a su historia',
  'Export your chart': 'Exportar su historia',
  'Share with a link': 'Compartir con un enlace',
  'Already in your chart': 'Ya están en su historia',
  'Twice in the file (kept once)': 'Repetidos en el archivo (se conserva uno)',
  'The patient’s own details (the chart is already theirs)': 'Los datos del propio paciente (la historia ya es suya)',
  'Kinds of record this chart does not store': 'Tipos de registro que esta historia no guarda',
  'Not accepted by the record check': 'Rechazados por la comprobación de registros',
  'Missing required information': 'Falta información obligatoria',
  'Not allowed by your access to this chart': 'No permitidos por su acceso a esta historia',
  'Entries without a resource': 'Entradas sin recurso',
  'Damaged entries': 'Entradas dañadas',
  'The {count} record to add': 'El {count} registro que se añadirá',
  'The {count} records to add': 'Los {count} registros que se añadirán',
  '… and {count} more': '… y {count} más',
  '{count} to add': '{count} por añadir',
  '{count} already in the chart': '{count} ya en la historia',
  '{count} skipped': 'omitidos: {count}',
  'To add: ': 'Por añadir: ',
  'Already in the chart: ': 'Ya en la historia: ',
  'From ': 'Desde ',
  'the file ': 'el archivo ',
  'the link ': 'el enlace ',
  'the link without a label': 'el enlace sin etiqueta',
  'the health card from ': 'la tarjeta SMART Health de ',
  'the pasted text': 'el texto pegado',
  '{count} entry.': '{count} entrada.',
  '{count} entries.': '{count} entradas.',
  '{count} will be added to your chart; {skipped} skipped.': 'Por añadir: {count}, a su historia; omitidos: {skipped}.',
  '{count} will be added to the chart of patient': 'Por añadir: {count}, a la historia del paciente',
  '; {skipped} skipped.': '; omitidos: {skipped}.',
  'This is not a Bundle or document the page can import':
    'No es un Bundle ni un documento que la página pueda importar',
  'Choose a FHIR R4 Bundle of type collection, transaction, searchset or document, or a C-CDA document (XML).':
    'Elija un Bundle FHIR R4 de tipo collection, transaction, searchset o document, o un documento C-CDA (XML).',
  'Review the import': 'Revisar la importación',
  'Choose a FHIR Bundle or a C-CDA document': 'Elija un Bundle FHIR o un documento C-CDA',
  'A FHIR R4 Bundle (JSON) from another health record, a patient portal or an International Patient Summary, or a C-CDA document (XML, the summary most US patient portals export). It is read in this page; each record is encrypted before it leaves it.':
    'Un Bundle FHIR R4 (JSON) de otra historia clínica, de un portal del paciente o de un Resumen Internacional del Paciente (IPS), o un documento C-CDA (XML, el resumen que exportan la mayoría de los portales del paciente de EE. UU.). Se lee en esta página; cada registro se cifra antes de salir de ella.',
  'Bundle or document file': 'Archivo del Bundle o del documento',
  'Or paste the Bundle’s JSON or the document’s XML': 'O pegue el JSON del Bundle o el XML del documento',
  'Reading the ids of the records already in the chart…':
    'Leyendo los identificadores de los registros que ya están en la historia…',
  'Reading the chart to find what is already there: record {n} of {total}…':
    'Leyendo la historia para ver qué contiene ya: registro {n} de {total}…',
  'Planning the import…': 'Preparando la importación…',
  'Choose a file or paste a Bundle first.': 'Primero elija un archivo o pegue un Bundle.',
  'reading the Bundle': 'leer el Bundle',
  'planning the import': 'preparar la importación',
  'importing the records': 'importar los registros',
  'Records added': 'Registros añadidos',
  'Encrypt and add {count} record': 'Cifrar y añadir {count} registro',
  'Encrypt and add {count} records': 'Cifrar y añadir {count} registros',
  'Nothing to add': 'Nada que añadir',
  'Stop after this record': 'Parar después de este registro',
  'Stopping after this record…': 'Se parará después de este registro…',
  'Record {n} of {total}: {step}': 'Registro {n} de {total}: {step}',
  'Recording the records up to {n} of {total}: {step}': 'Anotando los registros hasta el {n} de {total}: {step}',
  '{done} of {total} added.': 'Añadidos: {done} de {total}.',
  'Stopped: record {n} of {total} ({type}) was not added.':
    'Detenido: el registro {n} de {total} ({type}) no se añadió.',
  'Stopped by you after {n} of {total}.': 'Detenido por usted después de {n} de {total}.',
  'Resume: add the {count} record left': 'Continuar: añadir el {count} registro que falta',
  'Resume: add the {count} records left': 'Continuar: añadir los {count} registros que faltan',
  'All {count} record added.': 'Se ha añadido {count} registro.',
  'All {count} records added.': 'Se han añadido los {count} registros.',
  'Import finished': 'Importación terminada',
  '{count} record encrypted, stored and recorded.':
    '{count} registro cifrado, guardado y anotado en la cadena de bloques.',
  '{count} records encrypted, stored and recorded.':
    '{count} registros cifrados, guardados y anotados en la cadena de bloques.',
  'The Bundle is about ': 'El Bundle es de ',
  'a patient with no name': 'un paciente sin nombre',
  ', born {date}': ', fecha de nacimiento: {date}',
  '. Check that this is who the chart belongs to.': '. Compruebe que es la persona a quien pertenece la historia.',
  '{count} record of the chart could not be opened here, so duplicates among them cannot be detected.':
    '{count} registro de la historia no pudo abrirse aquí, así que no se pueden detectar duplicados entre ellos.',
  '{count} records of the chart could not be opened here, so duplicates among them cannot be detected.':
    '{count} registros de la historia no pudieron abrirse aquí, así que no se pueden detectar duplicados entre ellos.',
  'By category': 'Por categoría',
  'Open a category to see what it holds. Records already in the chart are not added again.':
    'Abra una categoría para ver qué contiene. Los registros que ya están en la historia no se vuelven a añadir.',
  'Not stored as records': 'No se guardan como registros',
  'The Bundle has no entry.': 'El Bundle no tiene entradas.',
  'Skipped, by reason': 'Omitidos, por motivo',
  'Nothing.': 'Nada.',
  '({count} times)': '({count} veces)',
  'converted from the C-CDA document “{title}”': 'convertido desde el documento C-CDA «{title}»',
  'converted from the C-CDA document': 'convertido desde el documento C-CDA',
  'sections not converted: {sections}': 'secciones no convertidas: {sections}',
  'an entry of “{title}” could not be read': 'no se pudo leer una entrada de «{title}»',
  'the Bundle holds {count} Patient resources; all are skipped':
    'el Bundle contiene {count} recursos Patient; se omiten todos',
  'the document has no structured body: nothing to convert':
    'el documento no tiene cuerpo estructurado: no hay nada que convertir',
  'a problem without a code or text is skipped': 'se omite un problema sin código ni texto',
  'an allergy without a substance is skipped': 'se omite una alergia sin sustancia',
  'a medication without a drug code or name is skipped': 'se omite una medicación sin código ni nombre de fármaco',
  'an immunization without a vaccine code is skipped': 'se omite una vacunación sin código de vacuna',
  'an observation without a code is skipped': 'se omite una observación sin código',
  'a procedure without a code is skipped': 'se omite un procedimiento sin código',

  // Health standards: exporting a chart (health-export.js, records/export.js)
  'All categories': 'Todas las categorías',
  'Records to export': 'Registros que exportar',
  'Your name on the summary (optional)': 'Su nombre en el resumen (opcional)',
  'The chart does not hold your name. What you type here goes only into these files.':
    'La historia no guarda su nombre. Lo que escriba aquí va solo a estos archivos.',
  'Prepare the export': 'Preparar la exportación',
  'Export in health standards': 'Exportar en estándares sanitarios',
  'The records are decrypted in this page and the files are made here. Nothing is uploaded: the files are saved on this device, unencrypted. Keep them safe.':
    'Los registros se descifran en esta página y los archivos se crean aquí. No se sube nada: los archivos se guardan en este dispositivo, sin cifrar. Guárdelos en un lugar seguro.',
  'Decrypting record {n} of {total}…': 'Descifrando el registro {n} de {total}…',
  '{count} record ready.': '{count} registro listo.',
  '{count} records ready.': '{count} registros listos.',
  '{count} record ready ({closed} could not be opened).': '{count} registro listo; no se pudieron abrir: {closed}.',
  '{count} records ready ({closed} could not be opened).': '{count} registros listos; no se pudieron abrir: {closed}.',
  'preparing the export': 'preparar la exportación',
  'Download as a FHIR Bundle (JSON)': 'Descargar como Bundle FHIR (JSON)',
  'Download as an International Patient Summary (JSON)':
    'Descargar como Resumen Internacional del Paciente (IPS, JSON)',
  'The summary does not pass the IPS checks, so it was not saved: ':
    'El resumen no supera las comprobaciones del IPS, así que no se guardó: ',
  'Patient summary saved: {sections} sections, {entries} entries, checked.':
    'Resumen del paciente guardado: {sections} secciones, {entries} entradas, comprobado.',
  '{count} record has no place in a summary and was left out.':
    '{count} registro no tiene cabida en un resumen y se ha dejado fuera.',
  '{count} records have no place in a summary and were left out.':
    '{count} registros no tienen cabida en un resumen y se han dejado fuera.',
  'making the patient summary': 'crear el resumen del paciente',
  'Emergency summary': 'Resumen para urgencias',
  'Account ': 'Cuenta ',
  'printed {date} from the patient’s own record.': 'impreso el {date} a partir de la historia del propio paciente.',
  'None recorded.': 'Nada registrado.',
  'Print the emergency summary': 'Imprimir el resumen para urgencias',
  'Allergies and intolerances': 'Alergias e intolerancias',
  Medications: 'Medicación',
  Problems: 'Problemas',
  'low criticality': 'criticidad baja',
  'high criticality': 'criticidad alta',
  'criticality not assessable': 'criticidad no evaluable',
  'criticality ': 'criticidad ',
  'reaction: ': 'reacción: ',
  Unknown: 'Desconocido',

  // Health standards: SMART Health Links the patient makes (health-links.js, records/shl-store.js)
  'Decrypting your records to choose from…': 'Descifrando sus registros para que pueda elegir…',
  'Records to share': 'Registros que compartir',
  'Label (shown to whoever opens the link)': 'Etiqueta (la ve quien abra el enlace)',
  'At most 80 characters, for example “Summary for Dr Martin”.':
    'Como máximo 80 caracteres, por ejemplo «Resumen para el Dr. Martín».',
  Expires: 'Caduca',
  'In 1 day': 'En 1 día',
  'In 7 days': 'En 7 días',
  'In 30 days': 'En 30 días',
  'In a year': 'En un año',
  Never: 'Nunca',
  'Your name in the shared file (optional)': 'Su nombre en el archivo compartido (opcional)',
  'Make the link': 'Crear el enlace',
  'Share with a SMART Health Link': 'Compartir con un Enlace SMART Health',
  'The page encrypts what you share with a new key, stores the encrypted file on IPFS and gives you a link. Whoever has the link can open the file until it expires or you withdraw it: the key is in the link.':
    'La página cifra lo que comparte con una clave nueva, guarda el archivo cifrado en IPFS y le da un enlace. Quien tenga el enlace puede abrir el archivo hasta que caduque o usted lo retire: la clave está en el enlace.',
  'What to share': 'Qué compartir',
  'A patient summary of your chart (IPS)': 'Un resumen de su historia (Resumen Internacional del Paciente, IPS)',
  'Records I pick': 'Los registros que yo elija',
  '{count} record can be shared.': 'Se puede compartir {count} registro.',
  '{count} records can be shared.': 'Se pueden compartir {count} registros.',
  'Your records could not be read.': 'No se pudieron leer sus registros.',
  'reading your records': 'leer sus registros',
  'Pick at least one record.': 'Elija al menos un registro.',
  'The summary does not pass the IPS checks: ': 'El resumen no supera las comprobaciones del IPS: ',
  'Encrypting and uploading…': 'Cifrando y subiendo…',
  'Your link': 'Su enlace',
  'Copy it or show the QR code now: the key that opens the file is only in this link, and this page does not keep it.':
    'Cópielo o muestre el código QR ahora: la clave que abre el archivo solo está en este enlace, y esta página no la guarda.',
  'QR code of the SMART Health Link below': 'Código QR del Enlace SMART Health de abajo',
  'SMART Health Link': 'Enlace SMART Health',
  'Expires {date}.': 'Caduca el {date}.',
  'Does not expire.': 'No caduca.',
  'making the link': 'crear el enlace',
  'Link without a label': 'Enlace sin etiqueta',
  'Patient summary, made {date}.': 'Resumen del paciente, creado el {date}.',
  '{count} record, made {date}.': '{count} registro, creado el {date}.',
  '{count} records, made {date}.': '{count} registros, creado el {date}.',
  Withdrawn: 'Retirado',
  Expired: 'Caducado',
  'Active until {date}': 'Activo hasta el {date}',
  'Active, no expiry': 'Activo, sin caducidad',
  'Remove from this list': 'Quitar de esta lista',
  'Remove {label} from this list': 'Quitar «{label}» de esta lista',
  'Remove the link from this list': 'Quitar el enlace de esta lista',
  Withdraw: 'Retirar',
  'Withdraw {label}': 'Retirar «{label}»',
  'Withdraw the link': 'Retirar el enlace',
  'Link withdrawn': 'Enlace retirado',
  'Link marked withdrawn': 'Enlace marcado como retirado',
  'The storage node no longer keeps the file and may delete it.':
    'El nodo de almacenamiento ya no conserva el archivo y puede borrarlo.',
  'The storage node did not confirm ({reason}).': 'El nodo de almacenamiento no lo confirmó ({reason}).',
  'A copy already opened, or cached by a gateway, cannot be recalled.':
    'Una copia ya abierta, o guardada en la caché de una pasarela, no se puede recuperar.',
  'You have not made a link in this browser.': 'No ha creado ningún enlace en este navegador.',
  'Links made in this browser': 'Enlaces creados en este navegador',
  'This list is kept in this browser only, without the keys: a link cannot be shown again here.':
    'Esta lista se guarda solo en este navegador, sin las claves: aquí no se puede volver a mostrar un enlace.',
  'This build has no upload endpoint.': 'Esta compilación no tiene punto de subida.',
  'the node answered {status}': 'el nodo respondió {status}',
  'the node could not be reached ({reason})': 'no se pudo contactar con el nodo ({reason})',
  'this build has no upload node': 'esta compilación no tiene nodo de subida',

  // Health standards: opening a SMART Health Link (health-open.js)
  'Open a SMART Health Link': 'Abrir un Enlace SMART Health',
  'Someone shared health records with you as a link. The page fetches the encrypted file and decrypts it here with the key in the link.':
    'Alguien ha compartido con usted registros de salud mediante un enlace. La página descarga el archivo cifrado y lo descifra aquí con la clave del enlace.',
  'The link': 'El enlace',
  'SMART Health Link (shlink:/… or a link ending in #shlink:/…)':
    'Enlace SMART Health (shlink:/… o un enlace que termine en #shlink:/…)',
  'Your name or organisation (optional)': 'Su nombre u organización (opcional)',
  'Sent to the server that holds the file, as the link standard asks.':
    'Se envía al servidor que guarda el archivo, como pide el estándar de los enlaces.',
  'Open the link': 'Abrir el enlace',
  'Scan the QR code': 'Escanear el código QR',
  'Camera view for scanning the link’s QR code': 'Imagen de la cámara para escanear el código QR del enlace',
  'opening the camera': 'abrir la cámara',
  'looking for a camera': 'buscar una cámara',
  'Fetching and decrypting…': 'Descargando y descifrando…',
  'opening the link': 'abrir el enlace',
  'Shared: ': 'Compartido: ',
  'Shared with you': 'Compartido con usted',
  'The link expires {date}.': 'El enlace caduca el {date}.',
  'The link does not expire.': 'El enlace no caduca.',
  'Decrypted in this page from ': 'Descifrado en esta página desde ',
  'A patient with no name': 'Un paciente sin nombre',
  ': {count} resource.': ': {count} recurso.',
  ': {count} resources.': ': {count} recursos.',
  'A SMART Health Card: check it on the health card screen (copy the file’s content there).':
    'Una tarjeta SMART Health: compruébela en la pantalla de tarjetas (copie allí el contenido del archivo).',
  'A file of type ': 'Un archivo de tipo ',
  ', which this page does not show.': ', que esta página no muestra.',
  'To import this into a chart, connect your wallet: this screen keeps the link until the page locks.':
    'Para importar esto a una historia, conecte su monedero: esta pantalla conserva el enlace hasta que la página se bloquee.',
  'Import into my chart': 'Importar a mi historia',
  'Register as a patient (Your chart) to import this into your own chart.':
    'Regístrese como paciente (Su historia) para importar esto a su propia historia.',
  'The link could not be opened.': 'No se pudo abrir el enlace.',
  'The files of this link are on ': 'Los archivos de este enlace están en ',
  'The files of this link are on a server': 'Los archivos de este enlace están en un servidor',
  ', which this page may not contact: its configuration names the servers it may reach. Ask whoever shared it for a link without a passcode, or open it with the viewer of the service that made it.':
    ', con el que esta página no puede comunicarse: su configuración indica los servidores a los que puede acceder. Pida a quien lo compartió un enlace sin código de acceso, o ábralo con el visor del servicio que lo creó.',
  'This link needs a passcode': 'Este enlace necesita un código de acceso',
  'Whoever shared it protected it with a passcode, so it opens only through the server that made it: this page sends the passcode and your name to ':
    'Quien lo compartió lo protegió con un código de acceso, así que solo se abre a través del servidor que lo creó: esta página envía el código y su nombre a ',
  ', which answers with the encrypted files when the passcode is right and counts wrong tries. The files are then decrypted here with the key in the link.':
    ', que responde con los archivos cifrados si el código es correcto y cuenta los intentos fallidos. Después, los archivos se descifran aquí con la clave del enlace.',
  Passcode: 'Código de acceso',
  'The passcode whoever shared the link gave you (not in the link).':
    'El código que le dio quien compartió el enlace (no está en el enlace).',
  'Open with the passcode': 'Abrir con el código',
  'Enter the passcode.': 'Introduzca el código de acceso.',
  'The server refused this passcode: {count} attempt left.': 'El servidor rechazó este código: queda {count} intento.',
  'The server refused this passcode: {count} attempts left.':
    'El servidor rechazó este código: quedan {count} intentos.',
  'The server refused this passcode, and no attempt is left: the link no longer opens.':
    'El servidor rechazó este código y no quedan intentos: el enlace ya no se abre.',

  // Health standards: checking a SMART Health Card (health-open.js, records/health-cards.js)
  'Check a SMART Health Card': 'Comprobar una tarjeta SMART Health',
  'The card': 'La tarjeta',
  'The card’s shc:/ text (one line per part of a multi-part code)':
    'El texto shc:/ de la tarjeta (una línea por cada parte de un código de varias partes)',
  'Or a .smart-health-card file': 'O un archivo .smart-health-card',
  'Issuer files, if this page cannot fetch them': 'Archivos del emisor, si esta página no puede descargarlos',
  'The page checks the card with the issuer’s keys from its site (.well-known/jwks.json). It fetches them only from the issuers its configuration names; for any other issuer, download the issuer’s key set (and revocation lists) from the issuer’s site and add them here. The keys you add are trusted for this check.':
    'La página comprueba la tarjeta con las claves que el emisor publica en su sitio (.well-known/jwks.json). Solo las descarga de los emisores que indica su configuración; para cualquier otro emisor, descargue del sitio del emisor su conjunto de claves (y sus listas de revocación) y añádalos aquí. Las claves que añada se consideran de confianza para esta comprobación.',
  'Issuers this page fetches keys from: ': 'Emisores de los que esta página descarga claves: ',
  'This page fetches no issuer’s keys itself.': 'Esta página no descarga por sí misma las claves de ningún emisor.',
  'Key set or revocation list (JSON)': 'Conjunto de claves o lista de revocación (JSON)',
  'Key set ': 'Conjunto de claves ',
  ': {count} key': ': {count} clave',
  ': {count} keys': ': {count} claves',
  'Revocation list ': 'Lista de revocación ',
  ', key ': ', clave ',
  'Camera view for scanning the health card': 'Imagen de la cámara para escanear la tarjeta',
  'Check the card': 'Comprobar la tarjeta',
  'checking the card': 'comprobar la tarjeta',
  Result: 'Resultado',
  'Issuer: ': 'Emisor: ',
  'Issued {date}; valid until {end}.': 'Emitida el {date}; válida hasta el {end}.',
  'Issued {date}; no end date.': 'Emitida el {date}; sin fecha de fin.',
  'No name': 'Sin nombre',
  'A card that is not verified cannot be imported.': 'Una tarjeta no verificada no se puede importar.',
  'Card verified': 'Tarjeta verificada',
  'Card revoked': 'Tarjeta revocada',
  'Issuer’s key expired': 'Clave del emisor caducada',
  'Issuer unknown': 'Emisor desconocido',
  'Card not valid': 'Tarjeta no válida',
  'Verified: the issuer signed this card and it has not been changed.':
    'Verificada: el emisor firmó esta tarjeta y no ha sido modificada.',
  'Revoked: the issuer has withdrawn this card.': 'Revocada: el emisor ha retirado esta tarjeta.',
  'Not valid: the issuer’s key had expired when the card was signed.':
    'No válida: la clave del emisor había caducado cuando se firmó la tarjeta.',
  'Unknown issuer: the issuer’s keys could not be found, so the card cannot be checked.':
    'Emisor desconocido: no se encontraron las claves del emisor, así que la tarjeta no se puede comprobar.',
  'Not valid: this card does not verify.': 'No válida: la firma de esta tarjeta no se puede verificar.',
  'The file holds no card.': 'El archivo no contiene ninguna tarjeta.',
  'Whether the issuer revoked it could not be checked (no revocation list).':
    'No se pudo comprobar si el emisor la revocó (no hay lista de revocación).',
  'The card itself has expired.': 'La propia tarjeta ha caducado.',
  'The card is dated in the future.': 'La tarjeta tiene una fecha futura.',
  'This file is not JSON.': 'Este archivo no es JSON.',
  'This is neither a key set (jwks.json) nor a revocation list (crl/<kid>.json).':
    'No es ni un conjunto de claves (jwks.json) ni una lista de revocación (crl/<kid>.json).',

  // Health standards: a clinician imports into a patient's chart (health-clinician.js)
  'Import into a patient’s chart': 'Importar a la historia de un paciente',
  'Unlock your records on the Patients screen first, then open the link again.':
    'Primero desbloquee sus registros en la pantalla Pacientes y luego vuelva a abrir el enlace.',
  Patient: 'Paciente',
  'Choose…': 'Elija…',
  'Review the import for this patient': 'Revisar la importación para este paciente',
  'No patient shares a chart with you': 'Ningún paciente comparte su historia con usted',
  'Patient {address}': 'Paciente {address}',
  'loading your patients': 'cargar sus pacientes',
  'Choose a patient.': 'Elija un paciente.',
  'You may not add records to this patient’s chart.': 'No puede añadir registros a la historia de este paciente.',
  'opening the patient’s chart': 'abrir la historia del paciente',

  // Health standards: what the library's errors mean (health/errors.js PLAIN_MESSAGES)
  'This is not a health card: paste the shc:/ text, or choose a .smart-health-card file.':
    'No es una tarjeta SMART Health: pegue el texto shc:/ o elija un archivo .smart-health-card.',
  'The card is larger than a health card can be.':
    'La tarjeta es más grande de lo que puede ser una tarjeta SMART Health.',
  'The QR text is damaged: it is not a valid shc:/ code.': 'El texto del QR está dañado: no es un código shc:/ válido.',
  'A part of a multi-part QR code is missing: scan or paste every part.':
    'Falta una parte de un código QR de varias partes: escanee o pegue todas las partes.',
  'A part of a multi-part QR code appears twice.': 'Una parte de un código QR de varias partes aparece dos veces.',
  'The parts of the QR code do not belong together.': 'Las partes del código QR no son del mismo código.',
  'The file is not a SMART Health Card file.': 'El archivo no es un archivo de tarjeta SMART Health.',
  'The card is damaged: its signed content cannot be read.':
    'La tarjeta está dañada: no se puede leer su contenido firmado.',
  'The card uses a format this page does not accept.': 'La tarjeta usa un formato que esta página no acepta.',
  'The card’s content is damaged.': 'El contenido de la tarjeta está dañado.',
  'The card’s content is not a health card.': 'El contenido de la tarjeta no es una tarjeta SMART Health.',
  'The issuer’s address is not an https address, so its keys cannot be fetched.':
    'La dirección del emisor no es https, así que no se pueden descargar sus claves.',
  'The issuer is not one this page trusts.': 'El emisor no es de confianza para esta página.',
  'The issuer’s keys could not be fetched from its site. Add the issuer’s key file (jwks.json) under “Issuer files”.':
    'No se pudieron descargar las claves del sitio del emisor. Añada el archivo de claves del emisor (jwks.json) en «Archivos del emisor».',
  'This page fetches keys only from the issuers its configuration names, and this issuer is not one of them. Add the issuer’s key file (jwks.json), taken from the issuer’s site, under “Issuer files”.':
    'Esta página solo descarga claves de los emisores que indica su configuración, y este emisor no es uno de ellos. Añada el archivo de claves del emisor (jwks.json), tomado de su sitio, en «Archivos del emisor».',
  'The issuer’s key set has no key for this card.':
    'El conjunto de claves del emisor no tiene ninguna clave para esta tarjeta.',
  'The issuer’s key is not usable.': 'La clave del emisor no se puede usar.',
  'The issuer’s key set is inconsistent (a key’s name does not match the key).':
    'El conjunto de claves del emisor es incoherente (el nombre de una clave no corresponde a la clave).',
  'The signature does not match: the card was changed, or it was not signed by this issuer.':
    'La firma no coincide: la tarjeta se ha modificado o no la firmó este emisor.',
  'The issuer’s certificate is for another key.': 'El certificado del emisor es de otra clave.',
  'The issuer’s key had expired when the card was signed.':
    'La clave del emisor había caducado cuando se firmó la tarjeta.',
  'The issuer’s revocation list could not be read.': 'No se pudo leer la lista de revocación del emisor.',
  'The link could not be opened with what was entered.': 'El enlace no se pudo abrir con lo que se ha introducido.',
  'This is not a SMART Health Link the page can read: paste the whole link (shlink:/… or an address ending in #shlink:/…).':
    'No es un Enlace SMART Health que la página pueda leer: pegue el enlace completo (shlink:/… o una dirección que termine en #shlink:/…).',
  'The link is damaged: what it holds cannot be read.': 'El enlace está dañado: no se puede leer lo que contiene.',
  'The link was made for a newer version of the SMART Health Links standard than this page reads.':
    'El enlace se creó para una versión del estándar SMART Health Links más reciente que la que lee esta página.',
  'This link has expired.': 'Este enlace ha caducado.',
  'This link is no longer active (its file was withdrawn).': 'Este enlace ya no está activo (su archivo se retiró).',
  'This link needs a passcode.': 'Este enlace necesita un código de acceso.',
  'The server refused this passcode.': 'El servidor rechazó este código.',
  'The server that holds the link’s files could not be reached.':
    'No se pudo contactar con el servidor que guarda los archivos del enlace.',
  'The server that holds the link’s files did not answer as expected.':
    'El servidor que guarda los archivos del enlace no respondió como se esperaba.',
  'The server’s list of the link’s files is damaged.':
    'La lista de archivos del enlace que da el servidor está dañada.',
  'A file of the link holds something this page cannot show.':
    'Un archivo del enlace contiene algo que esta página no puede mostrar.',
  'This page may not contact the server that holds the link’s files.':
    'Esta página no puede comunicarse con el servidor que guarda los archivos del enlace.',
  'The file does not open with the key in this link: the link is damaged or the file was replaced.':
    'El archivo no se abre con la clave de este enlace: el enlace está dañado o el archivo se ha sustituido.',
  'The link’s encrypted file is damaged.': 'El archivo cifrado del enlace está dañado.',
  'The key in the link is damaged.': 'La clave del enlace está dañada.',
  'The link’s file is larger than this page opens.': 'El archivo del enlace es más grande de lo que esta página abre.',
  'The link’s file is encrypted in a way this page does not support.':
    'El archivo del enlace está cifrado de una forma que esta página no admite.',
  'The text is not valid JSON.': 'El texto no es JSON válido.',
  'This is not a FHIR Bundle.': 'No es un Bundle FHIR.',
  'This kind of FHIR Bundle cannot be imported.': 'Este tipo de Bundle FHIR no se puede importar.',
  'The Bundle is larger than this page imports at once.':
    'El Bundle es más grande de lo que esta página importa de una vez.',
  'The Bundle is nested too deeply to be read safely.':
    'El Bundle tiene demasiados niveles anidados para leerlo con seguridad.',
  'The document is not text.': 'El documento no es texto.',
  'The document is not well-formed XML.': 'El documento no es XML bien formado.',
  'The XML is not an HL7 CDA document.': 'El XML no es un documento HL7 CDA.',
  'The C-CDA document could not be read.': 'No se pudo leer el documento C-CDA.',
  'The document is larger than this page imports at once.':
    'El documento es más grande de lo que esta página importa de una vez.',
  'The document is nested too deeply to be read safely.':
    'El documento tiene demasiados niveles anidados para leerlo con seguridad.',
  'A patient summary cannot be made from these records.':
    'No se puede crear un resumen del paciente con estos registros.',

  // Connect
  'Connected to {wallet}': 'Conectado a {wallet}',
  'Account on {network}.': 'Cuenta en {network}.',
  'connecting the wallet': 'conectar el monedero',
  'Looking for wallets in this browser…': 'Buscando monederos en este navegador…',
  'Connect with {wallet}': 'Conectar con {wallet}',
  '(found the old way, without EIP-6963)': '(encontrado a la antigua, sin EIP-6963)',
  'Browser wallet': 'Monedero del navegador',
  'One wallet found.': 'Se ha encontrado un monedero.',
  '{count} wallets found.': 'Se han encontrado {count} monederos.',
  'No wallet extension found in this browser. Install one (for example MetaMask) and reload this page, or use the built-in wallet below.':
    'No se ha encontrado ninguna extensión de monedero en este navegador. Instale una (por ejemplo, MetaMask) y recargue esta página, o use el monedero integrado de abajo.',
  'Choose the wallet to use with this page. The page never sees the keys of an extension wallet: the wallet asks you to approve each action.':
    'Elija el monedero que usará con esta página. La página nunca ve las claves de un monedero de extensión: el monedero le pide que apruebe cada acción.',
  'You are connected to {wallet}. Choosing a wallet below replaces that connection.':
    'Está conectado a {wallet}. Si elige un monedero abajo, sustituirá esa conexión.',
  'You are connected to a wallet. Choosing a wallet below replaces that connection.':
    'Está conectado a un monedero. Si elige un monedero abajo, sustituirá esa conexión.',
  'See your account': 'Ver su cuenta',
  'Wallets in this browser': 'Monederos de este navegador',
  'No extension?': '¿No tiene extensión?',
  'The built-in wallet keeps its keys in this page’s memory only, for shared terminals and people without a wallet extension.':
    'El monedero integrado guarda sus claves solo en la memoria de esta página, para terminales compartidos y personas sin extensión de monedero.',
  'Lost your wallet?': '¿Ha perdido su monedero?',
  'If you named guardians for your chart, connect a new wallet here, then':
    'Si nombró custodios para su historia, conecte aquí un monedero nuevo y después',
  'recover your chart': 'recupere su historia',
  // The wallet connection (wallet/controller.js)
  'The WebAssembly module did not load': 'El módulo WebAssembly no se ha cargado',
  'Addresses are shown without their checksum, and the page cannot encrypt or sign ({detail}). Reload the page to try again.':
    'Las direcciones se muestran sin su suma de comprobación y la página no puede cifrar ni firmar ({detail}). Recargue la página para volver a intentarlo.',
  'The network at {url} is chain {served}, not {network} (chain {id}).':
    'La red de {url} es la cadena {served}, no {network} (cadena {id}).',

  // The built-in wallet (builtin-wallet.js, wallet/builtin.js)
  'This build of the page does not include the wallet functions of the WebAssembly module yet, so it cannot create or open a built-in wallet.':
    'Esta compilación de la página aún no incluye las funciones de monedero del módulo WebAssembly, así que no puede crear ni abrir un monedero integrado.',
  'Meanwhile, connect a wallet extension such as MetaMask.':
    'Mientras tanto, conecte un monedero de extensión como MetaMask.',
  'The built-in wallet is not part of this build.': 'El monedero integrado no forma parte de esta compilación.',
  'Built-in wallet open': 'Monedero integrado abierto',
  'Its keys are in this page’s memory until you lock the page or close the tab.':
    'Sus claves están en la memoria de esta página hasta que la bloquee o cierre la pestaña.',
  'Development accounts': 'Cuentas de desarrollo',
  'Development only: these accounts come from a recovery phrase that is public. Never use them for real health data.':
    'Solo para desarrollo: estas cuentas proceden de una frase de recuperación pública. No las use nunca con datos de salud reales.',
  'Development account {n}': 'Cuenta de desarrollo {n}',
  'opening the development account': 'abrir la cuenta de desarrollo',
  'For shared terminals and people without a wallet extension. Its keys live only in this page’s memory: they are wiped when the page locks or closes, and nothing is stored on this computer unless you make it your personal device (Settings > This device). Keep your recovery phrase or keystore file safe: it is the only way back into the wallet.':
    'Para terminales compartidos y personas sin extensión de monedero. Sus claves viven solo en la memoria de esta página: se borran cuando la página se bloquea o se cierra, y no se guarda nada en este ordenador salvo que lo convierta en su dispositivo personal (Ajustes > Este dispositivo). Guarde a salvo su frase de recuperación o su archivo de almacén de claves: es la única forma de volver a entrar en el monedero.',
  'Unlock the wallet this device keeps': 'Desbloquear el monedero que guarda este dispositivo',
  'Create a new wallet': 'Crear un monedero nuevo',
  'Restore from a recovery phrase': 'Restaurar desde una frase de recuperación',
  'Open a keystore file': 'Abrir un archivo de almacén de claves',
  'Add this device to my chart (from my other device)':
    'Añadir este dispositivo a mi historia (desde mi otro dispositivo)',
  'Create a wallet': 'Crear un monedero',
  'The page will show a recovery phrase of 12 words. It is the only way to restore this wallet, and it is shown once.':
    'La página mostrará una frase de recuperación de 12 palabras. Es la única forma de restaurar este monedero y solo se muestra una vez.',
  'Make sure nobody can see your screen.': 'Asegúrese de que nadie pueda ver su pantalla.',
  'Write the words on paper, in order. Do not take a photo or copy them into another app.':
    'Escriba las palabras en papel, en orden. No les haga una foto ni las copie en otra aplicación.',
  'Anyone with these words controls the wallet: never type them into another website.':
    'Quien tenga estas palabras controla el monedero: no las escriba nunca en otro sitio web.',
  'Show my recovery phrase': 'Mostrar mi frase de recuperación',
  'creating the recovery phrase': 'crear la frase de recuperación',
  Continue: 'Continuar',
  'Your recovery phrase': 'Su frase de recuperación',
  'I have written down all {count} words, in order': 'He anotado las {count} palabras, en orden',
  'Start over with new words': 'Empezar de nuevo con palabras nuevas',
  'Word {n}': 'Palabra {n}',
  'Confirm your recovery phrase': 'Confirme su frase de recuperación',
  'To make sure the words are written down correctly, type the words at these positions. The phrase is no longer on screen.':
    'Para comprobar que ha anotado bien las palabras, escriba las que ocupan estas posiciones. La frase ya no está en pantalla.',
  'Confirm and open the wallet': 'Confirmar y abrir el monedero',
  'This is not word {n} of your phrase.': 'Esta no es la palabra {n} de su frase.',
  'opening the wallet': 'abrir el monedero',
  'Lost the words?': '¿Ha perdido las palabras?',
  'Restore a wallet': 'Restaurar un monedero',
  'Recovery phrase': 'Frase de recuperación',
  '12 or 24 words, separated by spaces.': '12 o 24 palabras, separadas por espacios.',
  'Passphrase (only if you set one)': 'Contraseña adicional (solo si la estableció)',
  'Leave empty unless the wallet was made with an extra passphrase.':
    'Déjelo vacío salvo que el monedero se creara con una contraseña adicional.',
  'Open the wallet': 'Abrir el monedero',
  'Type the recovery phrase of an existing wallet. It stays in this page and is never sent anywhere.':
    'Escriba la frase de recuperación de un monedero existente. Se queda en esta página y nunca se envía a ningún sitio.',
  'Type the words of your recovery phrase.': 'Escriba las palabras de su frase de recuperación.',
  'A recovery phrase has 12, 15, 18, 21 or 24 words; this has one.':
    'Una frase de recuperación tiene 12, 15, 18, 21 o 24 palabras; esta tiene una.',
  'A recovery phrase has 12, 15, 18, 21 or 24 words; this has {count}.':
    'Una frase de recuperación tiene 12, 15, 18, 21 o 24 palabras; esta tiene {count}.',
  'These words are not a valid recovery phrase: a word is misspelt, not in the English word list, or in the wrong place. Check each word against your paper copy.':
    'Estas palabras no son una frase de recuperación válida: hay una palabra mal escrita, que no está en la lista de palabras en inglés o que está en otro lugar. Compare cada palabra con su copia en papel.',
  'Keystore file': 'Archivo de almacén de claves',
  'A JSON file (Web3 Secret Storage, version 3), as exported by MetaMask, geth and others.':
    'Un archivo JSON (Web3 Secret Storage, versión 3), como los que exportan MetaMask, geth y otros.',
  Password: 'Contraseña',
  Unlock: 'Desbloquear',
  'Choose the keystore file.': 'Elija el archivo de almacén de claves.',
  'Enter the keystore’s password.': 'Escriba la contraseña del almacén de claves.',
  'This file is too large to be a keystore.': 'Este archivo es demasiado grande para ser un almacén de claves.',
  'Unlocking… this takes a few seconds.': 'Desbloqueando… tarda unos segundos.',
  'Wrong password for this keystore. Check it and try again.':
    'La contraseña de este almacén de claves no es correcta. Revísela y vuelva a intentarlo.',
  'This file is not a keystore this page can read (Web3 Secret Storage, version 3).':
    'Este archivo no es un almacén de claves que esta página pueda leer (Web3 Secret Storage, versión 3).',
  'unlocking the keystore': 'desbloquear el almacén de claves',

  // Settings, the lock screen, the idle warning (settings.js, locked.js, main.js, lazy.js)
  'Lock after this many minutes without activity': 'Bloquear tras estos minutos sin actividad',
  'From 1 to 1440 minutes. A warning with a button to stay comes shortly before.':
    'De 1 a 1440 minutos. Poco antes aparece un aviso con un botón para seguir.',
  'Shared terminal': 'Terminal compartido',
  'Shared-terminal mode: lock as soon as this tab is hidden':
    'Modo de terminal compartido: bloquear en cuanto se oculte esta pestaña',
  'On by default. Turn it off only on a computer that nobody else uses.':
    'Activado de forma predeterminada. Desactívelo solo en un ordenador que no use nadie más.',
  'Save settings': 'Guardar los ajustes',
  'Enter a whole number of minutes from 1 to 1440.': 'Escriba un número entero de minutos entre 1 y 1440.',
  'Settings saved for this visit': 'Ajustes guardados para esta visita',
  'They are not stored: the next visit starts with the defaults.':
    'No se almacenan: la próxima visita empieza con los valores predeterminados.',
  'This device': 'Este dispositivo',
  'Personal device: it keeps your built-in wallet, encrypted, and your drafts.':
    'Dispositivo personal: guarda su monedero integrado, cifrado, y sus borradores.',
  'Shared terminal: this device keeps nothing.': 'Terminal compartido: este dispositivo no guarda nada.',
  'Manage this device': 'Gestionar este dispositivo',
  'Make this my personal device, or add it to your chart':
    'Convertirlo en mi dispositivo personal o añadirlo a mi historia',
  Lock: 'Bloqueo',
  'Locking wipes the keys from memory, removes decrypted records and anything you typed from the page, and forgets the connected account.':
    'El bloqueo borra las claves de la memoria, quita de la página los registros descifrados y todo lo que haya escrito, y olvida la cuenta conectada.',
  'Nothing to lock yet: the page holds nothing personal.':
    'Aún no hay nada que bloquear: la página no contiene nada personal.',
  Recovery: 'Recuperación',
  'Name guardians for your chart': 'Nombrar custodios para su historia',
  'Charts you guard: approve a recovery request': 'Historias que custodia: aprobar una solicitud de recuperación',
  'Recover a chart with a new wallet': 'Recuperar una historia con un monedero nuevo',
  'You locked the page.': 'Ha bloqueado la página.',
  'The page locked itself after a period without activity.':
    'La página se ha bloqueado sola tras un tiempo sin actividad.',
  'The page locked itself because its tab was hidden (shared-terminal mode).':
    'La página se ha bloqueado sola porque su pestaña quedó oculta (modo de terminal compartido).',
  'The page is locked': 'La página está bloqueada',
  'The page is locked.': 'La página está bloqueada.',
  'Keys were wiped from memory, and decrypted records, what you typed and the connected account were removed from the page.':
    'Se han borrado las claves de la memoria, y se han quitado de la página los registros descifrados, lo que escribió y la cuenta conectada.',
  'A wallet extension keeps its own state: on a shared computer, lock it too from its own menu.':
    'Un monedero de extensión mantiene su propio estado: en un ordenador compartido, bloquéelo también desde su propio menú.',
  'This is a personal device: it keeps your built-in wallet, encrypted. Unlock it with its password or passkey.':
    'Este es un dispositivo personal: guarda su monedero integrado, cifrado. Desbloquéelo con su contraseña o su clave de acceso.',
  'Start again': 'Empezar de nuevo',
  'Not found': 'No encontrada',
  'There is no such screen': 'Esa pantalla no existe',
  'The address may be mistyped or from a newer version of this page.':
    'Puede que la dirección esté mal escrita o sea de una versión más reciente de esta página.',
  'Go to the home screen': 'Ir a la pantalla de inicio',
  'This page will lock soon': 'Esta página se bloqueará pronto',
  'There has been no activity for a while. To protect what is on screen, the page locks in about a second.':
    'No ha habido actividad desde hace un rato. Para proteger lo que hay en pantalla, la página se bloquea en un segundo, aproximadamente.',
  'There has been no activity for a while. To protect what is on screen, the page locks in about {seconds} seconds.':
    'No ha habido actividad desde hace un rato. Para proteger lo que hay en pantalla, la página se bloquea en unos {seconds} segundos.',
  'Stay unlocked': 'Seguir sin bloquear',
  'The wallet disconnected this page': 'El monedero ha desconectado esta página',
  'The wallet went offline': 'El monedero se ha quedado sin conexión',
  'The wallet no longer shares an account with this page.':
    'El monedero ya no comparte ninguna cuenta con esta página.',
  'The connection to the wallet was lost.': 'Se ha perdido la conexión con el monedero.',
  'Connect again': 'Volver a conectar',
  'This screen could not be loaded.': 'No se pudo cargar esta pantalla.',
  'loading the screen': 'cargar la pantalla',
  // The screens' titles (main.js) not named elsewhere
  'Add to your chart': 'Añadir a su historia',
  'Who can see your records': 'Quién puede ver sus registros',
  'Your appointments': 'Sus citas',
  'Your family links': 'Sus vínculos familiares',
  'Activity on your chart': 'Actividad en su historia',
  'Patient chart': 'Historia del paciente',
  'Recovery of your chart': 'Recuperación de su historia',
  'Your recovery kit': 'Su kit de recuperación',
  'Recover a chart': 'Recuperar una historia',
  'Charts you guard': 'Historias que custodia',

  // Personal-device mode (device-unlock.js, device-settings.js, personal-device.js)
  'Unlock your wallet': 'Desbloquear su monedero',
  'Wallet unlocked': 'Monedero desbloqueado',
  'This device keeps no wallet.': 'Este dispositivo no guarda ningún monedero.',
  'Open the built-in wallet': 'Abrir el monedero integrado',
  'A wallet is already connected.': 'Ya hay un monedero conectado.',
  'Password of this device': 'Contraseña de este dispositivo',
  'Unlock with the password': 'Desbloquear con la contraseña',
  'Enter the password of this device.': 'Escriba la contraseña de este dispositivo.',
  'Wrong password. Check it and try again.': 'Contraseña incorrecta. Revísela y vuelva a intentarlo.',
  'unlocking the wallet': 'desbloquear el monedero',
  'Unlock with the passkey': 'Desbloquear con la clave de acceso',
  'The passkey did not unlock the wallet': 'La clave de acceso no ha desbloqueado el monedero',
  'unlocking with the passkey': 'desbloquear con la clave de acceso',
  'This device keeps the built-in wallet of account': 'Este dispositivo guarda el monedero integrado de la cuenta',
  ', encrypted. Unlock it to continue.': ', cifrado. Desbloquéelo para continuar.',
  'Another way': 'Otra forma',
  'Use another wallet': 'Usar otro monedero',
  'Restore from the recovery phrase': 'Restaurar desde la frase de recuperación',
  'Forget this device': 'Olvidar este dispositivo',
  'This passkey cannot unlock the wallet: the browser or the authenticator does not support the WebAuthn PRF extension. Unlock with the password instead.':
    'Esta clave de acceso no puede desbloquear el monedero: el navegador o el autenticador no admiten la extensión PRF de WebAuthn. Desbloquéelo con la contraseña.',
  'The passkey was not used: the request was cancelled or timed out.':
    'No se usó la clave de acceso: la solicitud se canceló o caducó.',
  'This authenticator already holds a passkey for this page.':
    'Este autenticador ya tiene una clave de acceso para esta página.',
  'Passkeys are not available at this address.': 'Las claves de acceso no están disponibles en esta dirección.',
  'Passkey added': 'Clave de acceso añadida',
  'It unlocks the wallet on this device; the password still does too.':
    'Desbloquea el monedero en este dispositivo; la contraseña también sigue haciéndolo.',
  'No passkey was added': 'No se ha añadido ninguna clave de acceso',
  'Password for this device': 'Contraseña para este dispositivo',
  'At least {n} characters. It unlocks the wallet on this device only; your recovery phrase stays the way back everywhere else.':
    'Al menos {n} caracteres. Desbloquea el monedero solo en este dispositivo; su frase de recuperación sigue siendo la forma de volver en cualquier otro.',
  'The same password again': 'La misma contraseña otra vez',
  'Also unlock with a passkey (fingerprint, face or device PIN)':
    'Desbloquear también con una clave de acceso (huella, cara o PIN del dispositivo)',
  'Keep the wallet on this device': 'Guardar el monedero en este dispositivo',
  'Choose a password of at least {n} characters.': 'Elija una contraseña de al menos {n} caracteres.',
  'The two passwords differ.': 'Las dos contraseñas no coinciden.',
  'The wallet is no longer open': 'El monedero ya no está abierto',
  'Open it again first.': 'Vuelva a abrirlo primero.',
  'Encrypting the wallet for this device… this takes a few seconds.':
    'Cifrando el monedero para este dispositivo… tarda unos segundos.',
  'keeping the wallet on this device': 'guardar el monedero en este dispositivo',
  'Shared terminal: this device keeps nothing. Every visit starts from your recovery phrase or keystore file.':
    'Terminal compartido: este dispositivo no guarda nada. Cada visita empieza con su frase de recuperación o su archivo de almacén de claves.',
  'Make this my personal device': 'Convertirlo en mi dispositivo personal',
  'Only on a phone or computer that nobody else uses. The built-in wallet is then kept on this device, encrypted under a password you choose here (and a passkey, where the browser supports it): a reload, a lock or a closed tab asks for that password, not for the 12 words. Drafts of forms are kept too, encrypted.':
    'Solo en un teléfono u ordenador que no use nadie más. El monedero integrado se guarda entonces en este dispositivo, cifrado con una contraseña que usted elige aquí (y una clave de acceso, si el navegador lo admite): al recargar, bloquear o cerrar la pestaña se le pedirá esa contraseña, no las 12 palabras. También se guardan los borradores de los formularios, cifrados.',
  'This is now your personal device': 'Este es ahora su dispositivo personal',
  'The wallet is kept here, encrypted. Lock the page when you leave it.':
    'El monedero se guarda aquí, cifrado. Bloquee la página cuando se aleje.',
  'Open the built-in wallet first (create, restore or open a keystore file), then come back here. An extension wallet keeps its own keys.':
    'Abra primero el monedero integrado (créelo, restáurelo o abra un archivo de almacén de claves) y vuelva aquí. Un monedero de extensión guarda sus propias claves.',
  'Add this device to your chart': 'Añadir este dispositivo a su historia',
  'Is your wallet already kept on another device of yours? Add this one by scanning QR codes between the two, without typing the recovery phrase.':
    '¿Ya guarda su monedero en otro dispositivo suyo? Añada este escaneando códigos QR entre los dos, sin escribir la frase de recuperación.',
  'Add this device to my chart': 'Añadir este dispositivo a mi historia',
  'Add a passkey': 'Añadir una clave de acceso',
  'adding a passkey': 'añadir una clave de acceso',
  'Everything this page stored on this device will be deleted. Without your recovery phrase (or another device that keeps the wallet) the wallet cannot be opened again.':
    'Se borrará todo lo que esta página guardó en este dispositivo. Sin su frase de recuperación (u otro dispositivo que guarde el monedero) no se podrá volver a abrir el monedero.',
  'Yes, forget everything': 'Sí, olvidarlo todo',
  'This device keeps nothing any more': 'Este dispositivo ya no guarda nada',
  'It is a shared terminal again. Lock the page to close the wallet that is still open.':
    'Vuelve a ser un terminal compartido. Bloquee la página para cerrar el monedero que sigue abierto.',
  Cancel: 'Cancelar',
  'Personal device: this device keeps the built-in wallet of account':
    'Dispositivo personal: este dispositivo guarda el monedero integrado de la cuenta',
  ', encrypted.': ', cifrado.',
  'What is stored here': 'Qué se guarda aquí',
  'The wallet’s keystore, encrypted under the password of this device (scrypt).':
    'El almacén de claves del monedero, cifrado con la contraseña de este dispositivo (scrypt).',
  'A second copy, encrypted under a key only your passkey can compute (WebAuthn PRF): the passkey unlocks the wallet.':
    'Una segunda copia, cifrada con una clave que solo su clave de acceso puede calcular (WebAuthn PRF): la clave de acceso desbloquea el monedero.',
  'Drafts of forms, encrypted under a key derived from the wallet.':
    'Los borradores de los formularios, cifrados con una clave derivada del monedero.',
  'Locking wipes every key from memory as before; unlocking asks for the password or the passkey.':
    'El bloqueo borra todas las claves de la memoria, como antes; para desbloquear se pide la contraseña o la clave de acceso.',
  'Locking wipes every key from memory as before; unlocking asks for the password.':
    'El bloqueo borra todas las claves de la memoria, como antes; para desbloquear se pide la contraseña.',
  'Add another device': 'Añadir otro dispositivo',
  'Unlock the wallet to add a passkey or another device.':
    'Desbloquee el monedero para añadir una clave de acceso u otro dispositivo.',
  'Unlock the wallet': 'Desbloquear el monedero',
  'Deletes the wallet, drafts and everything else this page stored here, and makes this a shared terminal again.':
    'Borra el monedero, los borradores y todo lo demás que esta página guardó aquí, y vuelve a convertir este dispositivo en un terminal compartido.',
  'the write was aborted': 'la escritura se interrumpió',
  'this device keeps no wallet': 'este dispositivo no guarda ningún monedero',
  'this passkey cannot derive a key (the authenticator or browser lacks the WebAuthn PRF extension)':
    'esta clave de acceso no puede derivar una clave (el autenticador o el navegador no tienen la extensión PRF de WebAuthn)',
  'the open wallet is not the one this device keeps': 'el monedero abierto no es el que guarda este dispositivo',
  'EHR wallet on this device': 'Monedero EHR en este dispositivo',

  // A second device by QR code (device-pair.js, device-link.js; its code panels: chain/relay.js codePanel)
  'Copy the code': 'Copiar el código',
  'This code is too long for a QR code: copy the text instead.':
    'Este código es demasiado largo para un código QR: copie el texto.',
  'This code cannot be read: {why}. Scan it again, or copy all of it.':
    'Este código no se puede leer: {why}. Vuelva a escanearlo o cópielo entero.',
  'this is {found}, not {expected}': 'este es {found}, no {expected}',
  'the new device code': 'el código del dispositivo nuevo',
  'the reply code': 'el código de respuesta',
  'the wallet code': 'el código del monedero',
  'not a device code of this page': 'no es un código de dispositivo de esta página',
  'the code is damaged or incomplete': 'el código está dañado o incompleto',
  'the code is incomplete': 'el código está incompleto',
  'unknown wallet code version': 'versión del código del monedero desconocida',
  'This wallet code was made for another device (or is damaged). Start again on both devices.':
    'Este código del monedero se hizo para otro dispositivo (o está dañado). Empiece de nuevo en los dos dispositivos.',
  'This wallet code comes from another device than the one whose digits you compared. Start again on both devices.':
    'Este código del monedero viene de un dispositivo distinto de aquel cuyos dígitos comparó. Empiece de nuevo en los dos dispositivos.',
  'This works from a personal device whose wallet is unlocked: turn personal-device mode on for the built-in wallet, or unlock it, then come back.':
    'Esto funciona desde un dispositivo personal con el monedero desbloqueado: active el modo de dispositivo personal para el monedero integrado, o desbloquéelo, y vuelva aquí.',
  '1. Read the new device’s code': '1. Lea el código del dispositivo nuevo',
  'The new device’s code': 'El código del dispositivo nuevo',
  'On the new device, open this page and choose Settings > This device > Add this device to my chart. It shows a QR code and its text.':
    'En el dispositivo nuevo, abra esta página y elija Ajustes > Este dispositivo > Añadir este dispositivo a mi historia. Muestra un código QR y su texto.',
  'new device’s QR code': 'código QR del dispositivo nuevo',
  'adding a device': 'añadir un dispositivo',
  'The new device gets this wallet, sealed to it alone. Do this only with a device of your own, in front of you.':
    'El dispositivo nuevo recibe este monedero, sellado solo para él. Hágalo únicamente con un dispositivo suyo, delante de usted.',
  '2. Show this code to the new device': '2. Muestre este código al dispositivo nuevo',
  'Code for the new device': 'Código para el dispositivo nuevo',
  'QR code of the code for the new device below': 'Código QR del código para el dispositivo nuevo que aparece abajo',
  'Scan it with the new device (or type its text there).':
    'Escanéelo con el dispositivo nuevo (o escriba allí su texto).',
  '3. Compare the digits': '3. Compare los dígitos',
  'The new device then shows six digits. They must be these:':
    'El dispositivo nuevo mostrará entonces seis dígitos. Deben ser estos:',
  'The same digits show on the new device': 'El dispositivo nuevo muestra los mismos dígitos',
  'sealing the wallet to the new device': 'sellar el monedero para el dispositivo nuevo',
  'Other digits: stop': 'Otros dígitos: parar',
  'Nothing was sent': 'No se ha enviado nada',
  'The digits differ: the code read was not the new device’s. Start again, scanning the new device’s screen directly.':
    'Los dígitos no coinciden: el código leído no era el del dispositivo nuevo. Empiece de nuevo escaneando directamente la pantalla del dispositivo nuevo.',
  '4. Show the wallet code to the new device': '4. Muestre el código del monedero al dispositivo nuevo',
  'Wallet code': 'Código del monedero',
  'QR code of the wallet code below': 'Código QR del código del monedero que aparece abajo',
  'It holds your wallet, sealed to the new device (digits':
    'Contiene su monedero, sellado para el dispositivo nuevo (dígitos',
  '): only that device can open it. The new device then asks for a password of its own.':
    '): solo ese dispositivo puede abrirlo. Después, el dispositivo nuevo le pedirá una contraseña propia.',
  Done: 'Hecho',
  'Done: the new device keeps the wallet once it has read the code.':
    'Hecho: el dispositivo nuevo guardará el monedero en cuanto haya leído el código.',
  'This device already keeps a wallet. To add it to another chart, forget this device first.':
    'Este dispositivo ya guarda un monedero. Para añadirlo a otra historia, olvide antes este dispositivo.',
  '1. Show this code to your other device': '1. Muestre este código a su otro dispositivo',
  'Code of this device': 'Código de este dispositivo',
  'QR code of this device’s code below': 'Código QR del código de este dispositivo que aparece abajo',
  'On the device that keeps your wallet, unlock it and choose Settings > This device > Add another device, then scan this QR code (or type its text).':
    'En el dispositivo que guarda su monedero, desbloquéelo y elija Ajustes > Este dispositivo > Añadir otro dispositivo; después escanee este código QR (o escriba su texto).',
  '2. Read your other device’s code': '2. Lea el código de su otro dispositivo',
  'The code your other device shows': 'El código que muestra su otro dispositivo',
  'It appears there once it has read this device’s code.':
    'Aparece allí en cuanto haya leído el código de este dispositivo.',
  'other device’s QR code': 'código QR del otro dispositivo',
  'adding this device': 'añadir este dispositivo',
  '4. Read the wallet code': '4. Lea el código del monedero',
  'Your other device shows it once you confirmed the digits there too.':
    'Su otro dispositivo lo muestra cuando también haya confirmado allí los dígitos.',
  'The wallet code your other device shows': 'El código del monedero que muestra su otro dispositivo',
  'wallet QR code': 'código QR del monedero',
  'opening the wallet code': 'abrir el código del monedero',
  'Your other device shows six digits. Check they are these:':
    'Su otro dispositivo muestra seis dígitos. Compruebe que son estos:',
  'The digits match': 'Los dígitos coinciden',
  'Confirmed on this device.': 'Confirmado en este dispositivo.',
  'They differ: start over': 'No coinciden: empezar de nuevo',
  '5. Keep the wallet on this device': '5. Guarde el monedero en este dispositivo',
  'The wallet of account': 'El monedero de la cuenta',
  'is open on this device. Is this your account? Choose how this device unlocks it from now on.':
    'está abierto en este dispositivo. ¿Es su cuenta? Elija cómo lo desbloqueará este dispositivo a partir de ahora.',
  'Keep the wallet and open my chart': 'Guardar el monedero y abrir mi historia',
  'This device is added': 'Dispositivo añadido',
  'It keeps your wallet, encrypted, and unlocks it with the password you chose.':
    'Guarda su monedero, cifrado, y lo desbloquea con la contraseña que eligió.',
  'preparing this device': 'preparar este dispositivo',

  // The patient's chart: its frame, registration, records, appointments (patient-frame.js, patient.js)
  Records: 'Registros',
  Add: 'Añadir',
  Access: 'Acceso',
  Appointments: 'Citas',
  Family: 'Familia',
  Activity: 'Actividad',
  'Connect your wallet to see your chart.': 'Conecte su monedero para ver su historia.',
  'Reading your account on the network…': 'Leyendo su cuenta en la red…',
  'Your records are encrypted. The keys that open them are derived from your wallet’s signature, in this page, and wiped when the page locks.':
    'Sus registros están cifrados. Las claves que los abren se derivan de la firma de su monedero, en esta página, y se borran cuando la página se bloquea.',
  'Register as a patient': 'Registrarse como paciente',
  'Registering publishes your encryption public key on the blockchain so that clinicians can share records with you. No name, date of birth or other personal data goes on chain.':
    'Al registrarse se publica su clave pública de cifrado en la cadena de bloques para que los profesionales sanitarios puedan compartir registros con usted. Ni su nombre, ni su fecha de nacimiento ni ningún otro dato personal van a la cadena.',
  'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records.':
    'Su monedero le pedirá que firme «EncryptionKeyRequest» dos veces. Fírmelo solo en esta página: quien obtenga esta firma puede leer sus registros.',
  'Set up my encryption key and register': 'Configurar mi clave de cifrado y registrarme',
  'Approve the two signature requests in your wallet…': 'Apruebe las dos solicitudes de firma en su monedero…',
  'setting up your encryption key': 'configurar su clave de cifrado',
  registering: 'registrarse',
  'You are registered as a patient': 'Se ha registrado como paciente',
  'No ETH? Sign a registration code instead': '¿No tiene ETH? Firme en su lugar un código de registro',
  'Approve the signature requests in your wallet…': 'Apruebe las solicitudes de firma en su monedero…',
  'Your registration code': 'Su código de registro',
  'Show it to a clinician, who submits it and pays the fee. Then reload this screen.':
    'Muéstrelo a un profesional sanitario, que lo envía y paga la comisión. Después, recargue esta pantalla.',
  'QR code of the registration code below': 'Código QR del código de registro que aparece abajo',
  'Registration code': 'Código de registro',
  'signing the registration': 'firmar el registro',
  'Export my chart (CAR file)': 'Exportar mi historia (archivo CAR)',
  'Collecting record {n} of {total}…': 'Reuniendo el registro {n} de {total}…',
  'Exported 1 encrypted record ({size}). Import the file into any IPFS node to keep a copy; only your keys open it.':
    'Se ha exportado 1 registro cifrado ({size}). Importe el archivo en cualquier nodo IPFS para guardar una copia; solo sus claves lo abren.',
  'Exported {count} encrypted records ({size}). Import the file into any IPFS node to keep a copy; only your keys open it.':
    'Se han exportado {count} registros cifrados ({size}). Importe el archivo en cualquier nodo IPFS para guardar una copia; solo sus claves lo abren.',
  'exporting your chart': 'exportar su historia',
  'Exchange with other health records': 'Intercambio con otras historias clínicas',
  'Import a FHIR Bundle': 'Importar un Bundle FHIR',
  'Export as FHIR, a patient summary (IPS) or an emergency summary':
    'Exportar como FHIR, como resumen del paciente (IPS) o como resumen para urgencias',
  'Check and import a SMART Health Card': 'Comprobar e importar una tarjeta SMART Health',
  'Keep a copy': 'Guardar una copia',
  'Records are encrypted in this page; only the ciphertext leaves it.':
    'Los registros se cifran en esta página; solo sale de ella el texto cifrado.',
  With: 'Con',
  'one minute.': 'un minuto.',
  '{minutes} minutes.': '{minutes} minutos.',
  'cancelling the appointment': 'cancelar la cita',
  'Appointment cancelled': 'Cita cancelada',
  'Cancel the appointment of {date}': 'Cancelar la cita del {date}',
  Day: 'Día',
  Time: 'Hora',
  Length: 'Duración',
  '15 minutes': '15 minutos',
  '30 minutes': '30 minutos',
  '1 hour': '1 hora',
  'Request the appointment': 'Solicitar la cita',
  'Choose a clinician or an institution.': 'Elija un profesional sanitario o una institución.',
  'Choose a day and time in the future.': 'Elija un día y una hora futuros.',
  'requesting the appointment': 'solicitar la cita',
  'Appointment requested': 'Cita solicitada',
  'Request an appointment': 'Solicitar una cita',

  // The record timeline and search (chart-timeline.js)
  'Loading records…': 'Cargando registros…',
  Show: 'Mostrar',
  'Load older records': 'Cargar registros anteriores',
  Stop: 'Detener',
  'Search all records': 'Buscar en todos los registros',
  'No record yet.': 'Todavía no hay ningún registro.',
  '{count} record matches “{terms}” ({closed} not shared with you were not searched).':
    '{count} registro coincide con «{terms}» (no se buscó en {closed} que no se han compartido con usted).',
  '{count} record matches “{terms}”.': '{count} registro coincide con «{terms}».',
  '{count} records match “{terms}” ({closed} not shared with you were not searched).':
    '{count} registros coinciden con «{terms}» (no se buscó en {closed} que no se han compartido con usted).',
  '{count} records match “{terms}”.': '{count} registros coinciden con «{terms}».',
  'Searched the {count} loaded of {total} records.': 'Se buscó en los {count} cargados de {total} registros.',
  'Showing the newest {count}.': 'Se muestran los {count} más recientes.',
  '{count} of {total} records shown.': 'Se muestran {count} de {total} registros.',
  'Showing {count} of {total} records (newest first).':
    'Se muestran {count} de {total} registros (los más recientes primero).',
  'Hidden authors: {addresses}': 'Autores ocultos: {addresses}',
  'Show the records of 1 hidden author': 'Mostrar los registros de 1 autor oculto',
  'Show the records of {count} hidden authors': 'Mostrar los registros de {count} autores ocultos',
  '{count} record from a hidden author': '{count} registro de un autor oculto',
  '{count} records from a hidden author': '{count} registros de un autor oculto',
  '{count} record from hidden authors': '{count} registro de autores ocultos',
  '{count} records from hidden authors': '{count} registros de autores ocultos',
  '{count} of {total} records read': '{count} de {total} registros leídos',
  'Reading older records… {count} of {total} ({skipped} from hidden authors skipped). Press Stop to stop.':
    'Leyendo registros anteriores… {count} de {total} (omitidos {skipped} de autores ocultos). Pulse Detener para parar.',
  'Reading older records… {count} of {total}. Press Stop to stop.':
    'Leyendo registros anteriores… {count} de {total}. Pulse Detener para parar.',
  'The records could not be loaded.': 'No se pudieron cargar los registros.',
  'loading the records': 'cargar los registros',
  Search: 'Buscar',
  'Show all': 'Mostrar todo',
  'Search the records': 'Buscar en los registros',
  'Search in the records': 'Buscar en los registros',
  'Words from the records, a category or a date (2026-11); every word must match. The records are decrypted in this page to search them. Long charts: the loaded records are searched, then you can search them all.':
    'Palabras de los registros, una categoría o una fecha (2026-11); deben coincidir todas las palabras. Los registros se descifran en esta página para buscar en ellos. En historias largas se busca en los registros cargados y después puede buscar en todos.',
  'Searching… record {done} of {total}': 'Buscando… registro {done} de {total}',
  'The search could not run.': 'No se pudo realizar la búsqueda.',
  'searching the records': 'buscar en los registros',

  // One record of the timeline: open, download, amend, redact, earlier versions (chart-record.js)
  Open: 'Abrir',
  'Open record {id}: {category}, {date}': 'Abrir el registro {id}: {category}, {date}',
  Download: 'Descargar',
  Close: 'Cerrar',
  Amend: 'Modificar',
  'Amend record {id}': 'Modificar el registro {id}',
  'IPFS {cid}': 'IPFS {cid}',
  Verified: 'Verificado',
  'Every block matched its content identifier, which is the one recorded on the blockchain.':
    'Cada bloque coincidió con su identificador de contenido, que es el registrado en la cadena de bloques.',
  Date: 'Fecha',
  'Fetching and checking…': 'Descargando y comprobando…',
  'Fetching and checking… {size}': 'Descargando y comprobando… {size}',
  'Hide records from {name}': 'Ocultar los registros de {name}',
  'Hide every record added by {name} from this timeline (you can show them again)':
    'Ocultar de esta cronología todos los registros añadidos por {name} (puede volver a mostrarlos)',
  Redact: 'Anular',
  'Yes, redact record {id}': 'Sí, anular el registro {id}',
  'redacting the record': 'anular el registro',
  'Record {id} redacted': 'Registro {id} anulado',
  'Redacting marks the record as withdrawn for everyone. The entry stays in the history; people who already read it keep what they read.':
    'Anular un registro lo marca como retirado para todos. La entrada se queda en el historial; quien ya lo leyó conserva lo que leyó.',
  'Redact record {id}': 'Anular el registro {id}',
  Redacted: 'Anulado',
  'Replaced by a newer version': 'Sustituido por una versión más reciente',
  Amended: 'Modificado',
  'the patient': 'el paciente',
  you: 'usted',
  'Not shared with you.': 'No compartido con usted.',
  'Earlier versions ({count})': 'Versiones anteriores ({count})',
  'Earlier versions of record {id}': 'Versiones anteriores del registro {id}',
  'Record {id}, amends record {previous}, added by {author} ({about})':
    'Registro {id}, modifica el registro {previous}, añadido por {author} ({about})',
  'Record {id}, amends record {previous}, added by {author}':
    'Registro {id}, modifica el registro {previous}, añadido por {author}',
  'Record {id}, added by {author} ({about})': 'Registro {id}, añadido por {author} ({about})',
  'Record {id}, added by {author}': 'Registro {id}, añadido por {author}',
  '{role}, {institution}': '{role}, {institution}',
  'You have no key for this record': 'No tiene ninguna clave para este registro',
  'Record {id} was encrypted for keys you do not hold (for example after access was revoked, or before it was given).':
    'El registro {id} se cifró para claves que usted no tiene (por ejemplo, después de revocarse el acceso o antes de concederse).',
  'Ask the patient to share this category again.': 'Pida al paciente que vuelva a compartir esta categoría.',
  'The record could not be fetched intact': 'No se pudo descargar el registro íntegro',
  'This record is damaged or was altered': 'Este registro está dañado o fue alterado',
  'No gateway returned bytes that match the record’s content identifier.':
    'Ninguna pasarela devolvió bytes que coincidan con el identificador de contenido del registro.',
  'Its bytes do not decrypt under its keys; nothing of it is shown.':
    'Sus bytes no se descifran con sus claves; no se muestra nada de él.',
  'Check your connection and try again later; the gateways may be down.':
    'Compruebe su conexión y vuelva a intentarlo más tarde; puede que las pasarelas no estén disponibles.',
  'Report it to whoever added it. The copy on the blockchain still identifies the original.':
    'Comuníqueselo a quien lo añadió. La copia en la cadena de bloques sigue identificando el original.',
  'opening the record': 'abrir el registro',
  'Fetching, checking and decrypting…': 'Descargando, comprobando y descifrando…',
  'Fetching, checking and decrypting… {done} of {total} MB':
    'Descargando, comprobando y descifrando… {done} de {total} MB',
  'Fetching, checking and decrypting… {done} MB': 'Descargando, comprobando y descifrando… {done} MB',
  "Saved {name}: every block matched its identifier and the file's hash matched the record.":
    'Guardado {name}: cada bloque coincidió con su identificador y el hash del archivo coincidió con el registro.',
  'Not saved: the file could not be fetched intact.': 'No guardado: no se pudo descargar el archivo íntegro.',

  // What a record says (records/record-view.js): kinds, field labels, the words made of codes
  'Vital signs': 'Constantes vitales',
  'Lab result': 'Resultado de laboratorio',
  'Imaging result': 'Resultado de imagen',
  Medication: 'Medicación',
  Prescription: 'Receta',
  Vaccination: 'Vacunación',
  Intolerance: 'Intolerancia',
  Allergy: 'Alergia',
  Condition: 'Problema de salud',
  Document: 'Documento',
  Report: 'Informe diagnóstico',
  Encounter: 'Consulta',
  Record: 'Registro',
  Component: 'Componente',
  Interpretation: 'Interpretación',
  'Reference range': 'Intervalo de referencia',
  Includes: 'Incluye',
  'Body site': 'Localización anatómica',
  Method: 'Método',
  'Performed by': 'Realizado por',
  Status: 'Estado',
  Note: 'Nota',
  Dosage: 'Posología',
  Timing: 'Pauta',
  Route: 'Vía',
  Dose: 'Dosis',
  'As needed': 'Si precisa',
  Instructions: 'Instrucciones',
  Site: 'Lugar de administración',
  'At most': 'Como máximo',
  Reason: 'Motivo',
  Reported: 'Notificado',
  Intent: 'Intención',
  'Prescribed by': 'Prescrito por',
  Dispense: 'Dispensación',
  Lot: 'Lote',
  Expiry: 'Caducidad',
  Series: 'Serie',
  Source: 'Fuente',
  'Risk of a severe reaction': 'Riesgo de reacción grave',
  Reaction: 'Reacción',
  Category: 'Categoría',
  'Clinical status': 'Estado clínico',
  Verification: 'Verificación',
  Onset: 'Inicio',
  'Last occurrence': 'Último episodio',
  Severity: 'Gravedad',
  Resolved: 'Resuelto',
  Recorded: 'Registrado',
  File: 'Archivo',
  'Content type': 'Tipo de contenido',
  Size: 'Tamaño',
  Created: 'Creado',
  Type: 'Tipo',
  Period: 'Periodo',
  Relative: 'Familiar',
  Sex: 'Sexo',
  Born: 'Nacimiento',
  Age: 'Edad',
  Deceased: 'Fallecimiento',
  Conclusion: 'Conclusión',
  Findings: 'Hallazgos',
  Results: 'Resultados',
  Issued: 'Emitido',
  Class: 'Clase',
  Service: 'Servicio',
  Place: 'Lugar',
  'age {age}': '{age} años',
  Yes: 'Sí',
  No: 'No',
  '{count} series of samples': '{count} series de muestras',
  'Not available ({reason})': 'No disponible ({reason})',
  Normal: 'Normal',
  Abnormal: 'Anormal',
  'Critically abnormal': 'Anormal crítico',
  High: 'Alto',
  'Critically high': 'Críticamente alto',
  'Significantly high': 'Significativamente alto',
  Low: 'Bajo',
  'Critically low': 'Críticamente bajo',
  'Significantly low': 'Significativamente bajo',
  Positive: 'Positivo',
  Negative: 'Negativo',
  Detected: 'Detectado',
  'Not detected': 'No detectado',
  Indeterminate: 'Indeterminado',
  'with meals': 'con las comidas',
  'with breakfast': 'con el desayuno',
  'with lunch': 'con la comida',
  'with dinner': 'con la cena',
  'before meals': 'antes de las comidas',
  'after meals': 'después de las comidas',
  'at bedtime': 'al acostarse',
  'on waking': 'al despertar',
  'in the morning': 'por la mañana',
  'in the afternoon': 'por la tarde',
  'in the evening': 'por la tarde-noche',
  'at night': 'por la noche',
  'a second': 'por segundo',
  'every {n} seconds': 'cada {n} segundos',
  'a minute': 'por minuto',
  'every {n} minutes': 'cada {n} minutos',
  'an hour': 'a la hora',
  'every {n} hours': 'cada {n} horas',
  'a day': 'al día',
  'every {n} days': 'cada {n} días',
  'a week': 'a la semana',
  'every {n} weeks': 'cada {n} semanas',
  'a month': 'al mes',
  'every {n} months': 'cada {n} meses',
  'a year': 'al año',
  'every {n} years': 'cada {n} años',
  'every {n} {unit}': 'cada {n} {unit}',
  'a {unit}': 'por {unit}',
  once: 'una vez',
  twice: 'dos veces',
  '{n} times': '{n} veces',
  '{times} {per}': '{times} {per}',
  'at {times}': 'a las {times}',
  'for {duration}': 'durante {duration}',
  'For {reason}': 'Por {reason}',
  '{count} repeat': '{count} repetición',
  '{count} repeats': '{count} repeticiones',
  'Dose {n} of {of}': 'Dosis {n} de {of}',
  'Dose {n}': 'Dosis {n}',
  'Reported by someone other than who gave it': 'Notificado por alguien distinto de quien la administró',
  'Low risk': 'Riesgo bajo',
  'High risk': 'Riesgo alto',
  'Not known': 'No evaluado',
  Mother: 'Madre',
  Father: 'Padre',
  Sister: 'Hermana',
  Brother: 'Hermano',
  Grandmother: 'Abuela',
  Grandfather: 'Abuelo',
  Daughter: 'Hija',
  Son: 'Hijo',
  'from {date}': 'desde {date}',
  'until {date}': 'hasta {date}',
  'contributed to death': 'contribuyó al fallecimiento',
  Completed: 'Completado',
  Final: 'Definitivo',
  Preliminary: 'Preliminar',
  Registered: 'Registrado',
  Corrected: 'Corregido',
  'Entered in error': 'Introducido por error',
  Intended: 'Previsto',
  Stopped: 'Suspendido',
  'On hold': 'En pausa',
  'Not taken': 'No tomado',
  Draft: 'Borrador',
  Inactive: 'Inactivo',
  Recurrence: 'Recurrencia',
  Relapse: 'Recaída',
  Remission: 'Remisión',
  Unconfirmed: 'No confirmado',
  Provisional: 'Provisional',
  Differential: 'Diferencial',
  Refuted: 'Descartado',
  Order: 'Orden',
  Plan: 'Plan',
  Proposal: 'Propuesta',
  Food: 'Alimento',
  Environment: 'Ambiental',
  Biologic: 'Biológico',
  Mild: 'Leve',
  Moderate: 'Moderada',
  Severe: 'Grave',
  Current: 'Vigente',
  Superseded: 'Sustituido',
  Planned: 'Programada',
  Arrived: 'Llegada',
  'In progress': 'En curso',
  Finished: 'Finalizado',

  // The record forms (records/forms.js) and adding, amending (chart-add.js, chart-progress.js)
  Substance: 'Sustancia',
  'For example peanuts, penicillin, latex.': 'Por ejemplo, cacahuetes, penicilina, látex.',
  'For example hives, swelling, anaphylaxis.': 'Por ejemplo, urticaria, hinchazón, anafilaxia.',
  'Leave it empty if nobody has assessed it.': 'Déjelo vacío si nadie lo ha valorado.',
  'Date noted': 'Fecha en que se anotó',
  'Name and strength, for example metformin 500 mg.': 'Nombre y dosis, por ejemplo metformina 500 mg.',
  'How it is taken': 'Cómo se toma',
  'For example one tablet twice a day.': 'Por ejemplo, un comprimido dos veces al día.',
  'Taking it now': 'La toma actualmente',
  Since: 'Desde',
  'For example asthma, type 2 diabetes.': 'Por ejemplo, asma, diabetes tipo 2.',
  Ongoing: 'Activo',
  Vaccine: 'Vacuna',
  'For example tetanus, influenza 2026.': 'Por ejemplo, tétanos, gripe 2026.',
  'Date given': 'Fecha de administración',
  'Lot number': 'Número de lote',
  Test: 'Prueba',
  'For example HbA1c, cholesterol.': 'Por ejemplo, HbA1c, colesterol.',
  Unit: 'Unidad',
  'For example %, mmol/L.': 'Por ejemplo, %, mmol/L.',
  'Date of the test': 'Fecha de la prueba',
  'For example breast cancer, heart attack, type 2 diabetes.': 'Por ejemplo, cáncer de mama, infarto, diabetes tipo 2.',
  'Age when it started': 'Edad de inicio',
  'For example 52, or “in her fifties”.': 'Por ejemplo, 52, o «a los cincuenta y tantos».',
  '{label} (required)': '{label} (obligatorio)',
  'Choose the {field}.': 'Elija una opción en «{field}».',
  'Enter the {field}.': 'Rellene «{field}».',
  'Enter a number, for example 6.1.': 'Escriba un número, por ejemplo 6,1.',
  'Encrypt and add the record': 'Cifrar y añadir el registro',
  'Kind of record': 'Tipo de registro',
  'Drop a file here (a PDF, an image, …) or choose it below.':
    'Suelte aquí un archivo (un PDF, una imagen, …) o elíjalo abajo.',
  'Encrypt and add the file': 'Cifrar y añadir el archivo',
  'Description (optional)': 'Descripción (opcional)',
  'Chosen:': 'Elegido:',
  'Choose or drop a file.': 'Elija o suelte un archivo.',
  'Add a record': 'Añadir un registro',
  'Add a file': 'Añadir un archivo',
  '{kind}: change what is wrong': '{kind}: cambie lo que no sea correcto',
  'Advanced: edit FHIR JSON': 'Avanzado: editar el JSON FHIR',
  'While this is open, the record is saved from the JSON below (the form above is not used).':
    'Mientras esto esté abierto, el registro se guarda a partir del JSON de abajo (no se usa el formulario de arriba).',
  'There is no form for this kind of record: edit its FHIR JSON.':
    'No hay formulario para este tipo de registro: edite su JSON FHIR.',
  'The record (FHIR JSON)': 'El registro (JSON FHIR)',
  'Encrypt and save the new version': 'Cifrar y guardar la nueva versión',
  'The new version replaces this one in the timeline; this version stays in the history, and everyone with access sees both.':
    'La nueva versión sustituye a esta en la cronología; esta versión se queda en el historial y todos los que tienen acceso ven ambas.',
  'This is not valid JSON: check the brackets, quotes and commas.':
    'Esto no es un JSON válido: revise las llaves, los corchetes, las comillas y las comas.',
  'Encrypt in this page': 'Cifrar en esta página',
  'Upload the ciphertext to IPFS': 'Subir el texto cifrado a IPFS',
  'Record it on the blockchain': 'Anotarlo en la cadena de bloques',
  Progress: 'Progreso',
  'Encrypting…': 'Cifrando…',
  'Uploading the encrypted record…': 'Subiendo el registro cifrado…',
  'Waiting for the network to confirm…': 'Esperando la confirmación de la red…',
  'You cannot add records in the category {category} for this patient.':
    'No puede añadir registros en la categoría {category} para este paciente.',
  'Saved as record {id}, the new version of record {previous}.':
    'Guardado como registro {id}, la nueva versión del registro {previous}.',
  'Added as record {id} ({category}).': 'Añadido como registro {id} ({category}).',
  'Record amended': 'Registro modificado',
  'Record added': 'Registro añadido',
  '{category}: encrypted, stored and recorded.': '{category}: cifrado, guardado y anotado.',
  'Not added. What you typed is still in the form.': 'No añadido. Lo que escribió sigue en el formulario.',
  'The record is not complete': 'El registro no está completo',
  'Fill in the fields marked required and try again.':
    'Rellene los campos marcados como obligatorios y vuelva a intentarlo.',
  'uploading the record': 'subir el registro',
  'adding the record': 'añadir el registro',
  'the storage node did not remove the pin of what was uploaded: it may keep the encrypted file (unreadable without your keys).':
    'el nodo de almacenamiento no quitó el anclaje de lo que se subió: puede que conserve el archivo cifrado (ilegible sin sus claves).',
  'the storage node did not remove the pin of {count} uploaded objects: it may keep the encrypted file (unreadable without your keys).':
    'el nodo de almacenamiento no quitó el anclaje de {count} objetos subidos: puede que conserve el archivo cifrado (ilegible sin sus claves).',
  'nothing stays pinned on the storage node.': 'no queda nada anclado en el nodo de almacenamiento.',
  'nothing was uploaded.': 'no se subió nada.',
  'Encrypting… {done} of {total} ({percent}%)': 'Cifrando… {done} de {total} ({percent} %)',
  'Encrypting… {done} of {total}': 'Cifrando… {done} de {total}',
  'Uploading the encrypted file ({size})…': 'Subiendo el archivo cifrado ({size})…',
  'Uploading the encrypted file… {done} of {total} ({percent}%)':
    'Subiendo el archivo cifrado… {done} de {total} ({percent} %)',
  'Uploaded; asking the storage node to keep it (pin)…':
    'Subido; pidiendo al nodo de almacenamiento que lo conserve (anclaje)…',
  'File added': 'Archivo añadido',
  '{category}: {name}, {size}, encrypted, stored and recorded.':
    '{category}: {name}, {size}, cifrado, guardado y anotado.',
  'The storage node kept a copy': 'El nodo de almacenamiento conservó una copia',
  'Nothing was recorded, but unpinning failed: {reason}.':
    'No se anotó nada, pero no se pudo quitar el anclaje: {reason}.',
  'no answer': 'sin respuesta',
  'It stays encrypted; whoever runs the storage service can remove it.':
    'Sigue cifrado; quien gestiona el servicio de almacenamiento puede eliminarlo.',
  'Cancelled: nothing was recorded, and {outcome}': 'Cancelado: no se anotó nada, y {outcome}',
  'Not added: the storage service refused a file this large.':
    'No añadido: el servicio de almacenamiento rechazó un archivo tan grande.',
  'The file is too large for the storage service': 'El archivo es demasiado grande para el servicio de almacenamiento',
  'The upload endpoint refused {size} (HTTP 413).': 'El punto de subida rechazó {size} (HTTP 413).',
  'Ask whoever runs the storage service to raise its limit, or add a smaller file.':
    'Pida a quien gestiona el servicio de almacenamiento que aumente su límite, o añada un archivo más pequeño.',
  'Not added, and {outcome}': 'No añadido, y {outcome}',
  'Not added.': 'No añadido.',
  'uploading the file': 'subir el archivo',
  'adding the file': 'añadir el archivo',

  // Names, addresses and keys shared by the chart screens (chart-common.js)
  'Unlock my records': 'Desbloquear mis registros',
  'Deriving your keys…': 'Derivando sus claves…',
  'This wallet cannot hold your record keys': 'Este monedero no puede custodiar las claves de sus registros',
  'It signed the same request differently twice, so your keys would change from one visit to the next.':
    'Firmó la misma solicitud de forma distinta dos veces, así que sus claves cambiarían de una visita a otra.',
  'Use another wallet (most extension wallets sign the same way every time), or the built-in wallet.':
    'Use otro monedero (la mayoría de los monederos de extensión firman siempre igual) o el monedero integrado.',
  'unlocking your records': 'desbloquear sus registros',
  'Unlock your records': 'Desbloquear sus registros',
  'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records. Another site asking for it is trying to steal them.':
    'Su monedero le pedirá que firme «EncryptionKeyRequest» dos veces. Fírmelo solo en esta página: quien obtenga esta firma puede leer sus registros. Otro sitio que se la pida está intentando robárselos.',
  'an institution not in the registry ({id})': 'una institución que no está en el registro ({id})',
  Member: 'Miembro',
  '{name}, {role} ({specialty}), {institution}': '{name}, {role} ({specialty}), {institution}',
  '{name}, {role}, {institution}': '{name}, {role}, {institution}',
  '{institution} (emergencies)': '{institution} (urgencias)',
  '{name} (any of its clinicians)': '{name} (cualquiera de sus profesionales sanitarios)',
  'Sharing the new keys with {name}…': 'Compartiendo las nuevas claves con {name}…',
  'a grantee': 'un destinatario',
  'Ending access that has ended (expired grants, members who left, dissolved links)…':
    'Cerrando los accesos que han terminado (accesos caducados, miembros que se fueron, vínculos disueltos)…',
  Address: 'Dirección',
  Addresses: 'Direcciones',
  'the address of {name}': 'la dirección de {name}',
  Copy: 'Copiar',
  Copied: 'Copiado',
  'Select and copy it by hand': 'Selecciónelo y cópielo a mano',
  'The browser did not allow copying from the page.': 'El navegador no permitió copiar desde la página.',

  // Who can see the records: grants, the grant form, a consent code (patient-access.js, access-grant-form.js)
  'Your {relation} {name} (family history only)': 'Su {relation} {name} (solo antecedentes familiares)',
  "Access ended without you for one person or institution (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.":
    'El acceso de una persona o institución terminó sin que usted interviniera (pasó una fecha de fin, un profesional sanitario dejó su institución, se suspendió una institución, terminó un vínculo familiar o alguien que se fue conocía la clave de una institución). Los registros que añada ya se sellan para que no puedan leerlos.',
  "Access ended without you for {count} people or institutions (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.":
    'El acceso de {count} personas o instituciones terminó sin que usted interviniera (pasó una fecha de fin, un profesional sanitario dejó su institución, se suspendió una institución, terminó un vínculo familiar o alguien que se fue conocía la clave de una institución). Los registros que añada ya se sellan para que no puedan leerlos.',
  "Access ended without you for some people or institutions (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.":
    'El acceso de algunas personas o instituciones terminó sin que usted interviniera (pasó una fecha de fin, un profesional sanitario dejó su institución, se suspendió una institución, terminó un vínculo familiar o alguien que se fue conocía la clave de una institución). Los registros que añada ya se sellan para que no puedan leerlos.',
  'Replace the keys of {categories} now, so that clinicians writing to your chart use the new keys too.':
    'Sustituya ahora las claves de {categories}, para que los profesionales sanitarios que escriben en su historia también usen las nuevas.',
  'Replace the keys now': 'Sustituir las claves ahora',
  'A member left this institution. It must create a new group key before your keys can be shared with it again; until then its clinicians read what they could read before, but nothing you add.':
    'Un miembro dejó esta institución. Debe crear una nueva clave de grupo antes de que se le puedan volver a compartir sus claves; hasta entonces, sus profesionales sanitarios leen lo que podían leer antes, pero nada de lo que usted añada.',
  'This institution changed its group key (for example after a member left). Renew what you shared: new keys, sealed to the new group key, so that a former member cannot read what you add from now on.':
    'Esta institución cambió su clave de grupo (por ejemplo, después de que se fuera un miembro). Renueve lo que compartió: claves nuevas, selladas con la nueva clave de grupo, para que un antiguo miembro no pueda leer lo que añada a partir de ahora.',
  'Can read: {categories}.': 'Puede leer: {categories}.',
  'Until {date}.': 'Hasta el {date}.',
  'No end date.': 'Sin fecha de fin.',
  'Renew the keys': 'Renovar las claves',
  'Renew the keys shared with {name}': 'Renovar las claves compartidas con {name}',
  Revoke: 'Revocar',
  'Revoke access of {name}': 'Revocar el acceso de {name}',
  'Nobody else can read your records.': 'Nadie más puede leer sus registros.',
  'One person or institution has access.': 'Una persona o institución tiene acceso.',
  '{count} people or institutions have access.': '{count} personas o instituciones tienen acceso.',
  'loading who has access': 'cargar quién tiene acceso',
  'The new keys were not shared: the others with access cannot read records added from now on until they are.':
    'No se compartieron las nuevas claves: los demás con acceso no podrán leer los registros que se añadan a partir de ahora hasta que se compartan.',
  'sharing the new keys with the others who have access': 'compartir las nuevas claves con los demás que tienen acceso',
  'revoking access': 'revocar el acceso',
  '{name} can no longer read new records': '{name} ya no puede leer registros nuevos',
  'Keys renewed for {categories}: shared with {names}.': 'Claves renovadas para {categories}: compartidas con {names}.',
  'Keys renewed for {categories}: shared with {names}, except {skipped} (no encryption key they can safely receive yet).':
    'Claves renovadas para {categories}: compartidas con {names}, salvo {skipped} (todavía sin una clave de cifrado que pueda recibirlas con seguridad).',
  'The keys were not renewed completely.': 'Las claves no se renovaron del todo.',
  'renewing the keys': 'renovar las claves',
  'Keys renewed for {name}: sealed to its new group key.':
    'Claves renovadas para {name}: selladas con su nueva clave de grupo.',
  'Finding who else holds these categories…': 'Buscando quién más tiene estas categorías…',
  'Nobody else held these categories: no keys to share again.':
    'Nadie más tenía estas categorías: no hay claves que volver a compartir.',
  'New keys shared with everyone who still has access.':
    'Nuevas claves compartidas con todos los que aún tienen acceso.',
  'New keys shared with everyone who still has access, except {skipped} (no encryption key they can safely receive yet).':
    'Nuevas claves compartidas con todos los que aún tienen acceso, salvo {skipped} (todavía sin una clave de cifrado que pueda recibirlas con seguridad).',
  'New keys for {categories}, shared with everyone who still has access.':
    'Nuevas claves para {categories}, compartidas con todos los que aún tienen acceso.',
  'New keys for {categories}, shared with everyone who still has access, except {skipped} (no encryption key they can safely receive yet).':
    'Nuevas claves para {categories}, compartidas con todos los que aún tienen acceso, salvo {skipped} (todavía sin una clave de cifrado que pueda recibirlas con seguridad).',
  'Nothing to replace.': 'No hay nada que sustituir.',
  'The keys were not replaced.': 'No se sustituyeron las claves.',
  'replacing the keys': 'sustituir las claves',
  'Key version {version}.': 'Versión de clave {version}.',
  'Move to new encryption keys': 'Pasar a nuevas claves de cifrado',
  'Deriving the new keys…': 'Derivando las nuevas claves…',
  'Approve the two signatures of the new key request in your wallet…':
    'Apruebe en su monedero las dos firmas de la nueva solicitud de clave…',
  'New keys in use. Sharing them with everyone who has access…':
    'Nuevas claves en uso. Compartiéndolas con todos los que tienen acceso…',
  'New encryption keys': 'Nuevas claves de cifrado',
  'Records you add from now on use the new keys. Your older records stay readable to you and to those you share with.':
    'Los registros que añada a partir de ahora usan las nuevas claves. Sus registros anteriores siguen pudiendo leerlos usted y aquellos con quienes los comparte.',
  'Give your guardians new shares': 'Dé nuevas partes a sus custodios',
  'They hold your older keys only: a recovery would not bring back the new ones.':
    'Solo tienen sus claves anteriores: una recuperación no devolvería las nuevas.',
  'Open Recovery': 'Abrir Recuperación',
  'The keys were not changed completely.': 'Las claves no se cambiaron del todo.',
  'moving to new encryption keys': 'pasar a nuevas claves de cifrado',
  'Access in force': 'Accesos vigentes',
  'Revoking stops someone from reading records added from now on. What they already read cannot be taken back.':
    'Revocar impide que alguien lea los registros que se añadan a partir de ahora. Lo que ya haya leído no puede recuperarse.',
  'Give access': 'Conceder acceso',
  'Your encryption keys': 'Sus claves de cifrado',
  'If you ever signed “EncryptionKeyRequest” for EHR anywhere but this page, or think someone may have your keys, move to new keys: records you add from then on use keys nobody else has, older records stay readable to you, and the page shares the new keys with everyone who has access now.':
    'Si alguna vez firmó «EncryptionKeyRequest» para EHR fuera de esta página, o cree que alguien puede tener sus claves, pase a nuevas claves: los registros que añada desde entonces usarán claves que nadie más tiene, los anteriores seguirán pudiendo leerse por usted y la página compartirá las nuevas claves con todos los que tienen acceso ahora.',
  Who: 'Quién',
  'Clinicians and institutions listed publicly on the network, and relatives who confirmed a family link (family history only).':
    'Profesionales sanitarios e instituciones que figuran públicamente en la red, y familiares que confirmaron un vínculo familiar (solo antecedentes familiares).',
  'Which categories': 'Qué categorías',
  'Until (optional)': 'Hasta (opcional)',
  'Leave empty for no end date. You can revoke at any time.':
    'Déjelo vacío para que no tenga fecha de fin. Puede revocarlo en cualquier momento.',
  'Sign a consent code instead (no ETH needed)': 'Firmar en su lugar un código de consentimiento (no hace falta ETH)',
  'Choose who gets access.': 'Elija a quién concede acceso.',
  'Choose at least one category.': 'Elija al menos una categoría.',
  'A relative can receive the Family history category only.':
    'Un familiar solo puede recibir la categoría Antecedentes familiares.',
  'Choose a date in the future.': 'Elija una fecha futura.',
  'Approve the signature in your wallet…': 'Apruebe la firma en su monedero…',
  'QR code of the consent code below': 'Código QR del código de consentimiento que aparece abajo',
  'This consent is too long for a QR code: copy the text instead.':
    'Este consentimiento es demasiado largo para un código QR: copie el texto.',
  'Consent code for {name}': 'Código de consentimiento para {name}',
  'Show the QR code to the clinician, or give them the text below. They submit it and pay the network fee; it is valid for 7 days and works once.':
    'Muestre el código QR al profesional sanitario o dele el texto de abajo. Él lo envía y paga la comisión de la red; es válido durante 7 días y sirve una sola vez.',
  'Consent code': 'Código de consentimiento',
  'signing the consent': 'firmar el consentimiento',
  'giving access': 'conceder acceso',
  'Access given to {name}': 'Acceso concedido a {name}',
  '{name} (not set up yet)': '{name} (todavía sin configurar)',

  // Emergency access on the Access screen (access-emergency.js)
  'Emergency access': 'Acceso de urgencia',
  'In an emergency, a clinician of an institution you authorise can open the categories you choose, for at most 24 hours, after giving a reason. You see each opening in Activity.':
    'En una urgencia, un profesional sanitario de una institución que usted autorice puede abrir las categorías que elija, durante 24 horas como máximo, tras indicar un motivo. Usted ve cada apertura en Actividad.',
  'The contract time-boxes the access and records it; the keys themselves are handed to the institution when you authorise it, and what its clinicians have read cannot be taken back.':
    'El contrato limita el acceso en el tiempo y lo registra; las claves se entregan a la institución cuando usted la autoriza, y lo que hayan leído sus profesionales sanitarios no puede recuperarse.',
  'Opening emergency access is recorded on the blockchain with the clinician, the institution, the reason and the end time, and shown in Activity. The records a clinician opens during that time are not recorded one by one.':
    'La apertura de un acceso de urgencia se registra en la cadena de bloques con el profesional sanitario, la institución, el motivo y la hora de fin, y se muestra en Actividad. Los registros que abra el profesional durante ese tiempo no se registran uno a uno.',
  'Authorised now': 'Autorizadas ahora',
  'Authorise an institution': 'Autorizar una institución',
  'Authorise for emergencies': 'Autorizar para urgencias',
  'Categories its clinicians may open in an emergency':
    'Categorías que sus profesionales sanitarios pueden abrir en una urgencia',
  'Choose an institution and at least one category.': 'Elija una institución y al menos una categoría.',
  '{institution} has not set up its group key yet, so it cannot receive your keys. Ask it to create one, then authorise it.':
    '{institution} todavía no ha configurado su clave de grupo, así que no puede recibir sus claves. Pídale que cree una y después autorícela.',
  'authorising emergency access': 'autorizar el acceso de urgencia',
  '{institution} authorised for emergencies': '{institution} autorizada para urgencias',
  'renewing the emergency authorisation': 'renovar la autorización de urgencia',
  'withdrawing the emergency authorisation': 'retirar la autorización de urgencia',
  'Emergency access withdrawn from {institution}: it can no longer open emergency access':
    'Acceso de urgencia retirado a {institution}: ya no puede abrir un acceso de urgencia',
  'Renewing the emergency authorisation of {institution}: the old keys are withdrawn first…':
    'Renovando la autorización de urgencia de {institution}: primero se retiran las claves antiguas…',
  'Authorising {institution} again with the new keys…': 'Autorizando de nuevo a {institution} con las nuevas claves…',
  'Emergency authorisation of {institution} renewed: sealed to its new group key.':
    'Autorización de urgencia de {institution} renovada: sellada con su nueva clave de grupo.',
  'The emergency authorisation of {institution} was withdrawn but not set again: authorise it again below.':
    'La autorización de urgencia de {institution} se retiró pero no se volvió a conceder: vuelva a autorizarla abajo.',
  'authorising again for emergencies': 'volver a autorizar para urgencias',
  'ending emergency access': 'terminar el acceso de urgencia',
  'Emergency access ended; {institution} can no longer open emergency access until you authorise it again':
    'Acceso de urgencia terminado; {institution} ya no puede abrir un acceso de urgencia hasta que usted vuelva a autorizarla',
  'May open in an emergency: {categories}.': 'Puede abrir en una urgencia: {categories}.',
  'This institution changed its group key. Renew the authorisation so that only its current members can open these categories in an emergency.':
    'Esta institución cambió su clave de grupo. Renueve la autorización para que solo sus miembros actuales puedan abrir estas categorías en una urgencia.',
  'Renew the authorisation': 'Renovar la autorización',
  'Renew the authorisation of {institution} for emergencies': 'Renovar la autorización de urgencia de {institution}',
  'Withdraw the emergency authorisation of {institution}': 'Retirar la autorización de urgencia de {institution}',
  'No institution is authorised for emergencies.': 'Ninguna institución está autorizada para urgencias.',
  '{member} of {institution}': '{member}, de {institution}',
  'Open until {date}.': 'Abierto hasta el {date}.',
  'End it now': 'Terminarlo ahora',
  'End it now: the emergency access of {name}': 'Terminar ahora el acceso de urgencia de {name}',
  'The authorisations could not be loaded.': 'No se pudieron cargar las autorizaciones.',
  'loading the emergency authorisations': 'cargar las autorizaciones de urgencia',
  'Open now': 'Abiertos ahora',
  'Ending an emergency access also ends the institution’s authorisation: it gets new keys only if you authorise it again.':
    'Terminar un acceso de urgencia también termina la autorización de la institución: solo recibe claves nuevas si usted vuelve a autorizarla.',

  // The activity log (patient-activity.js)
  'Everything that happened, newest first': 'Todo lo que ha ocurrido, lo más reciente primero',
  'Nothing yet.': 'Todavía nada.',
  '1 event.': '1 evento.',
  '{count} events.': '{count} eventos.',
  'The activity could not be loaded.': 'No se pudo cargar la actividad.',
  'loading the activity': 'cargar la actividad',
  'they left the institution': 'dejó la institución',
  'the institution was suspended': 'se suspendió la institución',
  'the family link was dissolved': 'se disolvió el vínculo familiar',
  'no longer eligible': 'ya no cumple las condiciones',
  'patient unconscious or unable to consent': 'paciente inconsciente o incapaz de consentir',
  'life-threatening condition': 'situación con riesgo vital',
  'acute confusion or incapacity': 'confusión aguda o incapacidad',
  'major trauma': 'traumatismo grave',
  'poisoning or overdose': 'intoxicación o sobredosis',
  'other emergency documented in the chart': 'otra urgencia documentada en la historia',
  'reason not listed': 'motivo no incluido en la lista',
  'You registered as a patient.': 'Se registró como paciente.',
  'You changed your encryption key.': 'Cambió su clave de cifrado.',
  'Access given to {grantee} for {categories}.': 'Acceso concedido a {grantee} para {categories}.',
  'Access of {grantee} revoked ({categories}).': 'Acceso de {grantee} revocado ({categories}).',
  'Access of {grantee} expired.': 'Acceso de {grantee} caducado.',
  'Access of {grantee} ended ({reason}).': 'Acceso de {grantee} terminado ({reason}).',
  'Keys shared with {grantee} replaced: a member who left knew its group key ({categories}).':
    'Claves compartidas con {grantee} sustituidas: un miembro que se fue conocía su clave de grupo ({categories}).',
  'New keys for {categories}: records added from now on are closed to revoked parties.':
    'Nuevas claves para {categories}: los registros que se añadan a partir de ahora quedan cerrados a quienes se revocó el acceso.',
  'Record {id} added ({category}) by {author}, a new version of record {previous}.':
    'Registro {id} añadido ({category}) por {author}, una nueva versión del registro {previous}.',
  'Record {id} added ({category}) by {author}.': 'Registro {id} añadido ({category}) por {author}.',
  'Record {id} redacted by {author}.': 'Registro {id} anulado por {author}.',
  'Emergency access withdrawn from {institution}.': 'Acceso de urgencia retirado a {institution}.',
  'Emergency access authorised for {institution} ({categories}).':
    'Acceso de urgencia autorizado para {institution} ({categories}).',
  'Emergency access opened by {member} of {institution}: {reason}.':
    'Acceso de urgencia abierto por {member}, de {institution}: {reason}.',
  'Emergency access of {member} ended by {by}.': 'Acceso de urgencia de {member} terminado por {by}.',
  'A consent you signed was submitted by {submitter}.':
    'Un consentimiento que usted firmó fue enviado por {submitter}.',
  'You proposed a family link with {relative} (you are their {relation}).':
    'Propuso un vínculo familiar con {relative} (usted es su {relation}).',
  'Your family link with {relative} was confirmed.': 'Se confirmó su vínculo familiar con {relative}.',
  'You dissolved the family link with {relative}.': 'Disolvió el vínculo familiar con {relative}.',
  'Appointment with {name} on {date}': 'Cita con {name} el {date}',
  'Appointment {id}': 'Cita {id}',
  '{appointment} requested.': '{appointment} solicitada.',
  '{appointment} confirmed.': '{appointment} confirmada.',
  '{appointment} confirmed by {actor}.': '{appointment} confirmada por {actor}.',
  '{appointment} declined.': '{appointment} rechazada.',
  '{appointment} declined by {actor}.': '{appointment} rechazada por {actor}.',
  '{appointment} cancelled.': '{appointment} cancelada.',
  '{appointment} cancelled by {actor}.': '{appointment} cancelada por {actor}.',
  '{appointment} changed.': '{appointment} modificada.',
  '{appointment} changed by {actor}.': '{appointment} modificada por {actor}.',

  // Family links and the family tree (family.js)
  parent: 'padre o madre',
  child: 'hijo o hija',
  sibling: 'hermano o hermana',
  'spouse or partner': 'cónyuge o pareja',
  grandparent: 'abuelo o abuela',
  grandchild: 'nieto o nieta',
  'aunt or uncle': 'tío o tía',
  'niece or nephew': 'sobrino o sobrina',
  cousin: 'primo o prima',
  relative: 'familiar',
  You: 'Usted',
  'Your {relation} {name}': 'Su {relation} {name}',
  'your {relation} {name}': 'su {relation} {name}',
  'No confirmed relative yet.': 'Todavía no hay ningún familiar confirmado.',
  'You and {relatives}.': 'Usted y {relatives}.',
  'Family tree. {description}': 'Árbol familiar. {description}',
  'Looking for family history shared with you…': 'Buscando antecedentes familiares compartidos con usted…',
  'No relative has shared family history with you.': 'Ningún familiar ha compartido antecedentes familiares con usted.',
  'Shares their family history with you.': 'Comparte con usted sus antecedentes familiares.',
  'Stopped sharing: what they add from now on is closed to you.':
    'Dejó de compartir: lo que añada a partir de ahora queda cerrado para usted.',
  'Read their family history': 'Leer sus antecedentes familiares',
  'Read their family history (your {relation} {name})': 'Leer los antecedentes familiares de su {relation} {name}',
  'What relatives shared could not be loaded.': 'No se pudo cargar lo que compartieron sus familiares.',
  'loading what your relatives shared': 'cargar lo que compartieron sus familiares',
  'Family history of your {relation} {name}': 'Antecedentes familiares de su {relation} {name}',
  'opening your relative’s family history': 'abrir los antecedentes familiares de su familiar',
  'Family history shared with you': 'Antecedentes familiares compartidos con usted',
  Confirm: 'Confirmar',
  'confirming the family link': 'confirmar el vínculo familiar',
  'Family link confirmed': 'Vínculo familiar confirmado',
  'Confirm the family link with {name}': 'Confirmar el vínculo familiar con {name}',
  Dissolve: 'Disolver',
  'dissolving the family link': 'disolver el vínculo familiar',
  'Family link dissolved': 'Vínculo familiar disuelto',
  'What you add from now on uses new keys they do not have. What they already read cannot be taken back.':
    'Lo que añada a partir de ahora usa claves nuevas que no tienen. Lo que ya hayan leído no puede recuperarse.',
  'replacing the keys your relative held': 'sustituir las claves que tenía su familiar',
  'Dissolve the family link with {name}': 'Disolver el vínculo familiar con {name}',
  'Withdraw the family link with {name}': 'Retirar el vínculo familiar con {name}',
  'Confirmed by both of you.': 'Confirmado por ambos.',
  'Waiting for them to confirm.': 'Esperando a que lo confirme.',
  'They proposed this link: confirm it if it is right.': 'Le ha propuesto este vínculo: confírmelo si es correcto.',
  'No family link yet.': 'Todavía no hay ningún vínculo familiar.',
  'The family links could not be loaded.': 'No se pudieron cargar los vínculos familiares.',
  'loading your family links': 'cargar sus vínculos familiares',
  'Your relative’s account address': 'Dirección de la cuenta de su familiar',
  'They must be registered as a patient.': 'Debe estar registrado como paciente.',
  'You are their': 'Usted es su',
  'Propose the link': 'Proponer el vínculo',
  'Enter an account address: 0x followed by 40 hexadecimal digits.':
    'Escriba una dirección de cuenta: 0x seguido de 40 dígitos hexadecimales.',
  'proposing the family link': 'proponer el vínculo familiar',
  'Family link proposed: your relative confirms it on their side':
    'Vínculo familiar propuesto: su familiar lo confirma por su parte',
  'A confirmed link lets each of you share family-history records with the other (give access to the “Family history” category). Links are public on the network as two account addresses; no names.':
    'Un vínculo confirmado permite que cada uno comparta con el otro registros de antecedentes familiares (conceda acceso a la categoría «Antecedentes familiares»). Los vínculos son públicos en la red como dos direcciones de cuenta, sin nombres.',
  'Your family': 'Su familia',
  'To share your family history with a confirmed relative, choose them under {access} and the “Family history” category.':
    'Para compartir sus antecedentes familiares con un familiar confirmado, elíjalo en {access} junto con la categoría «Antecedentes familiares».',
  'Add a relative': 'Añadir un familiar',

  // Appointments, as patients and clinicians list them (appointment-list.js, clinician-appointments.js, chain/appointments.js)
  Requested: 'Solicitada',
  Confirmed: 'Confirmada',
  Declined: 'Rechazada',
  Cancelled: 'Cancelada',
  'No appointment.': 'No hay ninguna cita.',
  '1 appointment.': '1 cita.',
  '{count} appointments.': '{count} citas.',
  'The appointments could not be loaded.': 'No se pudieron cargar las citas.',
  'loading the appointments': 'cargar las citas',
  'confirming the appointment': 'confirmar la cita',
  'declining the appointment': 'rechazar la cita',
  'Appointment with {name} on {date} confirmed': 'Cita con {name} el {date} confirmada',
  'Appointment with {name} on {date} declined': 'Cita con {name} el {date} rechazada',
  'Appointment with {name} on {date} cancelled': 'Cita con {name} el {date} cancelada',
  'Confirm appointment {id}': 'Confirmar la cita {id}',
  'Decline appointment {id}': 'Rechazar la cita {id}',
  'Cancel appointment {id}': 'Cancelar la cita {id}',
  'Patient {address}, {minutes} minutes, asked of your institution.':
    'Paciente {address}, {minutes} minutos, solicitada a su institución.',
  'Patient {address}, {minutes} minutes.': 'Paciente {address}, {minutes} minutos.',

  // The clinician: patients, a chart, emergency access, consent and registration codes (clinician.js, clinician-forms.js)
  'Connect your wallet.': 'Conecte su monedero.',
  'This account is not a member of an institution.': 'Esta cuenta no es miembro de ninguna institución.',
  'Your institution is suspended: you cannot open patients’ records now.':
    'Su institución está suspendida: ahora no puede abrir los registros de los pacientes.',
  'Patients share their records with your encryption key. It is derived from your wallet’s signature, in this page, and wiped when the page locks.':
    'Los pacientes comparten sus registros con su clave de cifrado. Se deriva de la firma de su monedero, en esta página, y se borra cuando la página se bloquea.',
  'Patients who shared records with you': 'Pacientes que compartieron registros con usted',
  'Publish your encryption key': 'Publicar su clave de cifrado',
  'Patients can share records with you once your encryption public key is on the network.':
    'Los pacientes pueden compartir registros con usted cuando su clave pública de cifrado esté en la red.',
  'The key on the network is not the one of this wallet: publish this one so that new shares reach you.':
    'La clave que hay en la red no es la de este monedero: publique esta para que le lleguen los nuevos accesos.',
  'Publish my encryption key': 'Publicar mi clave de cifrado',
  'publishing your key': 'publicar su clave',
  'Your encryption key is published': 'Su clave de cifrado está publicada',
  'Emergency access: {categories}, until {date}.': 'Acceso de urgencia: {categories}, hasta el {date}.',
  'Access with your institution revoked or expired: records added since then are closed to you.':
    'Acceso con su institución revocado o caducado: los registros añadidos desde entonces están cerrados para usted.',
  'Access revoked or expired: records added since then are closed to you.':
    'Acceso revocado o caducado: los registros añadidos desde entonces están cerrados para usted.',
  'Shared with your institution: {categories}.': 'Compartido con su institución: {categories}.',
  'Shared: {categories}.': 'Compartido: {categories}.',
  'Shared with your institution: {categories}, until {date}.':
    'Compartido con su institución: {categories}, hasta el {date}.',
  'Shared: {categories}, until {date}.': 'Compartido: {categories}, hasta el {date}.',
  Emergency: 'Urgencia',
  'Open chart': 'Abrir la historia',
  'Open chart of patient {address}': 'Abrir la historia del paciente {address}',
  'Open chart of patient {address} (emergency access)': 'Abrir la historia del paciente {address} (acceso de urgencia)',
  'Open chart of patient {address} (shared with your institution)':
    'Abrir la historia del paciente {address} (compartida con su institución)',
  'No patient has shared records with you yet.': 'Todavía ningún paciente ha compartido registros con usted.',
  '1 patient.': '1 paciente.',
  '{count} patients.': '{count} pacientes.',
  'No chart is open.': 'No hay ninguna historia abierta.',
  'Choose a patient': 'Elegir un paciente',
  'Your opening of emergency access is recorded on the blockchain with your reason and its end time, and the patient sees it. The records you open are not recorded one by one.':
    'Su apertura del acceso de urgencia queda registrada en la cadena de bloques con su motivo y su hora de fin, y el paciente la ve. Los registros que abra no se registran uno a uno.',
  'Back to the patient list': 'Volver a la lista de pacientes',
  'Your institution’s group key has not been shared with you, so what was shared with the institution or for emergencies does not open. Ask your institution’s administrator to share the group key with all members.':
    'No se le ha compartido la clave de grupo de su institución, así que lo que se compartió con la institución o para urgencias no se abre. Pida al administrador de su institución que comparta la clave de grupo con todos los miembros.',
  'Your emergency access to this patient has ended.': 'Su acceso de urgencia a este paciente ha terminado.',
  'Your role ({role}) cannot add records for this patient with the access shared.':
    'Su función ({role}) no puede añadir registros para este paciente con el acceso compartido.',
  'opening the chart': 'abrir la historia',
  'Patient unconscious or unable to consent': 'Paciente inconsciente o incapaz de consentir',
  'Life-threatening condition': 'Situación con riesgo vital',
  'Acute confusion or incapacity': 'Confusión aguda o incapacidad',
  'Major trauma': 'Traumatismo grave',
  'Poisoning or overdose': 'Intoxicación o sobredosis',
  'Other emergency, documented in the chart': 'Otra urgencia, documentada en la historia',
  'Choose the reason…': 'Elija el motivo…',
  '4 hours': '4 horas',
  '12 hours': '12 horas',
  '24 hours': '24 horas',
  'Open emergency access': 'Abrir un acceso de urgencia',
  'Only for a patient who authorised your institution for emergencies. The reason is recorded on the network and the patient sees it. Access ends by itself.':
    'Solo para un paciente que autorizó a su institución para urgencias. El motivo queda registrado en la red y el paciente lo ve. El acceso termina por sí solo.',
  'Patient’s account address': 'Dirección de la cuenta del paciente',
  'Reason (required)': 'Motivo (obligatorio)',
  For: 'Durante',
  'Enter the patient’s account address (0x and 40 hexadecimal digits).':
    'Escriba la dirección de la cuenta del paciente (0x y 40 dígitos hexadecimales).',
  'Choose the reason for emergency access.': 'Elija el motivo del acceso de urgencia.',
  'opening emergency access': 'abrir un acceso de urgencia',
  'Emergency access open until {date}': 'Acceso de urgencia abierto hasta el {date}',
  'Recorded on the blockchain with your reason; the patient sees it. The records open with the keys the patient sealed to your institution for emergencies.':
    'Registrado en la cadena de bloques con su motivo; el paciente lo ve. Los registros se abren con las claves que el paciente selló para su institución para urgencias.',
  'Open the chart': 'Abrir la historia',
  'Submit a signed consent or registration': 'Enviar un consentimiento o un registro firmados',
  'A patient without ETH can sign a consent or registration code on their own screen. Paste it here: you submit it and pay the network fee.':
    'Un paciente sin ETH puede firmar un código de consentimiento o de registro en su propia pantalla. Péguelo aquí: usted lo envía y paga la comisión de la red.',
  Code: 'Código',
  'Submit the code': 'Enviar el código',
  'Scan the QR code with the camera': 'Escanear el código QR con la cámara',
  'Camera view: hold the patient’s QR code in front of it':
    'Vista de la cámara: ponga delante el código QR del paciente',
  'Code read from the camera': 'Código leído con la cámara',
  'Check it is the patient’s, then submit it.': 'Compruebe que es del paciente y después envíelo.',
  'The camera could not be used': 'No se pudo usar la cámara',
  'The browser was not allowed to use the camera.': 'El navegador no tiene permiso para usar la cámara.',
  'No camera was found, or it is busy.': 'No se encontró ninguna cámara, o está ocupada.',
  'Allow the camera for this page in the browser’s settings, or paste the code’s text instead.':
    'Permita la cámara para esta página en los ajustes del navegador, o pegue el texto del código.',
  'submitting the signed request': 'enviar la solicitud firmada',
  'Request of {address} submitted': 'Solicitud de {address} enviada',
  'submitting the registration': 'enviar el registro',
  'Patient {address} registered': 'Paciente {address} registrado',
  'submitting the consent': 'enviar el consentimiento',
  'Consent of patient {address} recorded: {categories}':
    'Consentimiento del paciente {address} registrado: {categories}',
  'This is not a consent code from this page.': 'Esto no es un código de consentimiento de esta página.',
  'The consent code is damaged (copy it again, whole).':
    'El código de consentimiento está dañado (vuelva a copiarlo entero).',
  'The consent was signed for another network.': 'El consentimiento se firmó para otra red.',
  'The consent code is damaged.': 'El código de consentimiento está dañado.',
  'The consent was not signed by the patient it names.': 'El consentimiento no lo firmó el paciente que nombra.',
  'The consent was not signed by the wallet that holds this chart now (it was recovered to another wallet).':
    'El consentimiento no lo firmó el monedero que custodia ahora esta historia (se recuperó en otro monedero).',
  'The registration code is damaged (copy it again, whole).':
    'El código de registro está dañado (vuelva a copiarlo entero).',
  'The registration was signed for another network.': 'El registro se firmó para otra red.',
  'The registration was not signed by the patient it names.': 'El registro no lo firmó el paciente que nombra.',
  'The signed request code is damaged (copy it again, whole).':
    'El código de solicitud firmada está dañado (vuelva a copiarlo entero).',
  'The request was signed for another network.': 'La solicitud se firmó para otra red.',
  'The request is not for these contracts.': 'La solicitud no es para estos contratos.',
  'The request was not signed by the account it names.': 'La solicitud no la firmó la cuenta que nombra.',

  // Recovery: who guards the chart, naming guardians, the paper share, replacing a recovered
  // chart's keys, the banner of a pending recovery (recovery.js, recovery-parts.js,
  // records/recovery.js, chain/recovery.js)
  'Reading your guardians…': 'Leyendo sus custodios…',
  'If you lose your wallet or its recovery phrase, your guardians can move your chart to a new wallet: no single guardian can, only as many as you choose together, and only after a waiting time during which this wallet can cancel.':
    'Si pierde su monedero o su frase de recuperación, sus custodios pueden trasladar su historia a un monedero nuevo: ninguno puede hacerlo solo, solo tantos como usted elija juntos, y solo tras un plazo de espera durante el cual este monedero puede cancelarlo.',
  'Who guards your chart': 'Quién custodia su historia',
  'Nobody yet. Without guardians, a lost wallet means a lost chart: nobody can give it back to you.':
    'Nadie todavía. Sin custodios, un monedero perdido significa una historia perdida: nadie podrá devolvérsela.',
  'Any {threshold} of these {count} can move your chart to a new wallet, {delay} after they approve; meanwhile this wallet can cancel.':
    'Cualesquiera {threshold} de estos {count} pueden trasladar su historia a un monedero nuevo, {delay} después de aprobarlo; mientras tanto, este monedero puede cancelarlo.',
  'Named on {date}.': 'Nombrados el {date}.',
  'Your recovery kit (to print)': 'Su kit de recuperación (para imprimir)',
  'Your guardians could not be read.': 'No se pudieron leer sus custodios.',
  'reading your guardians': 'leer sus custodios',
  'Helping someone else': 'Ayudar a otra persona',
  'If someone named you as their guardian, you approve their recovery on {link}.':
    'Si alguien le nombró custodio, usted aprueba su recuperación en {link}.',
  'Not now: open my chart': 'Ahora no: abrir mi historia',
  'Open my chart': 'Abrir mi historia',
  'Your guardians hold only your older keys': 'Sus custodios solo tienen sus claves anteriores',
  'You moved to new keys after naming them: a recovery now would open your older records only. Give them new shares that hold your keys as they are now (the same guardians; a paper share gets new words, and the old ones stop working).':
    'Pasó a claves nuevas después de nombrarlos: una recuperación ahora solo abriría sus registros anteriores. Deles fragmentos nuevos que contengan sus claves actuales (los mismos custodios; un fragmento en papel recibe palabras nuevas y las antiguas dejan de servir).',
  'Give my guardians new shares': 'Dar fragmentos nuevos a mis custodios',
  'Splitting your keys among your guardians…': 'Repartiendo sus claves entre sus custodios…',
  'Your guardians hold new shares': 'Sus custodios tienen fragmentos nuevos',
  'giving your guardians new shares': 'dar fragmentos nuevos a sus custodios',
  'Reading the directory…': 'Leyendo el directorio…',
  'A clinician, or a relative linked to your chart': 'Un profesional sanitario, o un familiar vinculado a su historia',
  'Relatives who confirmed a family link, and clinicians listed publicly, who published their encryption key.':
    'Familiares que confirmaron un vínculo familiar y profesionales sanitarios del directorio público que publicaron su clave de cifrado.',
  'A relative or friend, by their account address': 'Un familiar o amigo, por la dirección de su cuenta',
  'They need an account on this page with its encryption key set up (registered as a patient, for instance).':
    'Necesita una cuenta en esta página con su clave de cifrado configurada (registrada como paciente, por ejemplo).',
  'How many guardians must approve': 'Cuántos custodios deben aprobarlo',
  '72 hours (recommended)': '72 horas (recomendado)',
  '7 days': '7 días',
  '30 days': '30 días',
  'Waiting time before the chart moves': 'Plazo de espera antes del traslado de la historia',
  'During this time this wallet sees the pending recovery on its chart and can cancel it.':
    'Durante este plazo, este monedero ve la recuperación pendiente en su historia y puede cancelarla.',
  'Name these guardians': 'Nombrar a estos custodios',
  'Account {address}': 'Cuenta {address}',
  'account {address}': 'la cuenta {address}',
  'A paper share': 'Un fragmento en papel',
  'Choose at least two guardians first': 'Elija primero al menos dos custodios',
  '{k} of {n}': '{k} de {n}',
  'Already among your guardians.': 'Ya está entre sus custodios.',
  'Your own account cannot guard your chart: it is the one you might lose.':
    'Su propia cuenta no puede custodiar su historia: es la que podría perder.',
  'At most {n} guardians.': 'Como máximo {n} custodios.',
  'Add this guardian': 'Añadir este custodio',
  'Choose someone.': 'Elija a alguien.',
  'Add this account': 'Añadir esta cuenta',
  'This account has no encryption key yet, so nothing can be sealed to it. Ask them to open this page and set up their chart (or publish their key) first.':
    'Esta cuenta aún no tiene clave de cifrado, así que no se le puede sellar nada. Pídale que abra antes esta página y configure su historia (o publique su clave).',
  'checking the account': 'comprobar la cuenta',
  'Nobody listed has published a key': 'Nadie del directorio ha publicado una clave',
  'reading who can be a guardian': 'leer quién puede ser custodio',
  'Choose your guardians': 'Elija a sus custodios',
  'Naming guardians replaces any you named before: their shares stop working. Choose people you trust and can reach, and who know each other little: together, as many as you choose could take your chart.':
    'Nombrar custodios sustituye a los que nombró antes: sus fragmentos dejan de servir. Elija a personas de su confianza, a las que pueda localizar y que se conozcan poco entre sí: juntos, tantos como usted elija podrían quedarse con su historia.',
  'A paper share: words you write down and keep somewhere safe':
    'Un fragmento en papel: palabras que usted anota y guarda en un lugar seguro',
  'Your guardians': 'Sus custodios',
  'Choose at least two guardians (a paper share counts as one).':
    'Elija al menos dos custodios (un fragmento en papel cuenta como uno).',
  'splitting your keys': 'repartir sus claves',
  'naming your guardians': 'nombrar a sus custodios',
  'Your guardians are named': 'Sus custodios están nombrados',
  'Recovery kit of a health chart': 'Kit de recuperación de una historia clínica',
  'Chart (the address of the wallet that holds it):': 'Historia (la dirección del monedero que la custodia):',
  'QR code of the chart’s address': 'Código QR de la dirección de la historia',
  'Your paper share': 'Su fragmento en papel',
  'The words of your paper share were shown once, when you named your guardians, and are not kept: copy them here by hand.':
    'Las palabras de su fragmento en papel se mostraron una sola vez, cuando nombró a sus custodios, y no se guardan: cópielas aquí a mano.',
  'If you lose your wallet': 'Si pierde su monedero',
  'Open {address} with a new wallet and choose “Recover a chart” on the Connect screen.':
    'Abra {address} con un monedero nuevo y elija «Recuperar una historia» en la pantalla Conectar.',
  'Enter the chart’s address above, or scan its QR code.':
    'Escriba la dirección de la historia que aparece arriba, o escanee su código QR.',
  'Send the recovery request the page shows to your guardians. Each of them will check with you, by phone or in person, that it is yours.':
    'Envíe a sus custodios la solicitud de recuperación que muestra la página. Cada uno comprobará con usted, por teléfono o en persona, que es suya.',
  'Type the words of your paper share when the page asks for them.':
    'Escriba las palabras de su fragmento en papel cuando la página se las pida.',
  'When {threshold} guardians have approved, wait {delay}, then complete the recovery: your new wallet opens your records.':
    'Cuando {threshold} custodios lo hayan aprobado, espere {delay} y complete la recuperación: su monedero nuevo abre sus registros.',
  'When enough guardians have approved and the waiting time is over, complete the recovery: your new wallet opens your records.':
    'Cuando suficientes custodios lo hayan aprobado y haya terminado el plazo de espera, complete la recuperación: su monedero nuevo abre sus registros.',
  'Keep this sheet safe and apart from your wallet: with it, fewer guardians are needed to take your chart.':
    'Guarde esta hoja en un lugar seguro y lejos de su monedero: con ella hacen falta menos custodios para quedarse con su historia.',
  'Made in this page on {date}; nothing of it was sent anywhere.':
    'Hecho en esta página el {date}; no se ha enviado nada de ello a ningún sitio.',
  Print: 'Imprimir',
  'Back to Recovery': 'Volver a Recuperación',
  'Write these {count} words on paper, in order, and keep the paper somewhere safe, apart from your wallet’s recovery phrase. They are one guardian’s share: with the other guardians’ approval they move your chart to a new wallet. This page does not keep them.':
    'Escriba estas {count} palabras en papel, en orden, y guarde el papel en un lugar seguro, lejos de la frase de recuperación de su monedero. Son el fragmento de un custodio: con la aprobación de los demás custodios trasladan su historia a un monedero nuevo. Esta página no las guarda.',
  'Print your recovery kit with these words': 'Imprimir su kit de recuperación con estas palabras',
  'New keys in use (key version {version}), shared with everyone who has access, except {names}.':
    'Nuevas claves en uso (versión de clave {version}), compartidas con todos los que tienen acceso, salvo {names}.',
  'New keys in use (key version {version}), shared with everyone who has access.':
    'Nuevas claves en uso (versión de clave {version}), compartidas con todos los que tienen acceso.',
  'Your guardians hold new shares that include them.': 'Sus custodios tienen fragmentos nuevos que las incluyen.',
  'Your chart has new keys': 'Su historia tiene claves nuevas',
  'What you add from now on is closed to the wallet you lost. Your older records stay readable to you and to those you share with.':
    'Lo que añada a partir de ahora queda cerrado para el monedero que perdió. Sus registros anteriores siguen siendo legibles para usted y para quienes comparte.',
  'The keys were not replaced completely: try again.':
    'Las claves no se sustituyeron por completo: vuelva a intentarlo.',
  'This chart still uses the keys of the wallet you lost. If your old phone or wallet may be in someone else’s hands, they can still make these keys and read what you add. Replace the keys so that it cannot read what you add next: from then on new records use keys only this wallet can make. Your records so far stay readable to you and to everyone you share with, who receive the new keys.':
    'Esta historia todavía usa las claves del monedero que perdió. Si su antiguo teléfono o monedero puede estar en manos de otra persona, esta aún puede generar esas claves y leer lo que usted añada. Sustituya las claves para que no pueda leer lo que añada después: desde entonces los registros nuevos usan claves que solo este monedero puede generar. Sus registros hasta ahora siguen siendo legibles para usted y para todos con quienes comparte, que reciben las claves nuevas.',
  'Your guardians then get new shares holding the new keys. If one of them is a paper share, you get new words to write down, and the old ones stop working.':
    'Después, sus custodios reciben fragmentos nuevos con las claves nuevas. Si uno de ellos es un fragmento en papel, usted recibe palabras nuevas que anotar, y las antiguas dejan de servir.',
  '{n} days': '{n} días',
  '{n} hours': '{n} horas',
  'The paper share': 'El fragmento en papel',
  'the paper share': 'el fragmento en papel',
  'Camera view: hold the recovery kit’s QR code in front of it':
    'Vista de la cámara: ponga delante el código QR del kit de recuperación',
  'The browser was not allowed to use the camera, or there is none.':
    'El navegador no tiene permiso para usar la cámara, o no hay ninguna.',
  'Type or paste the text instead.': 'Escriba o pegue el texto en su lugar.',
  'A recovered chart: the wallet {address} acts for it, with the keys its guardians’ shares opened.':
    'Una historia recuperada: el monedero {address} actúa en su nombre, con las claves que abrieron los fragmentos de sus custodios.',
  'This chart still uses the keys of the wallet you lost: whoever has that wallet can read what you add.':
    'Esta historia todavía usa las claves del monedero que perdió: quien tenga ese monedero puede leer lo que usted añada.',
  'Replace the keys': 'Sustituir las claves',
  'This wallet no longer holds this chart: it was moved to another wallet by guardian recovery. You can still read what this page shows; nothing can be changed from here.':
    'Este monedero ya no custodia esta historia: se trasladó a otro monedero mediante la recuperación por custodios. Todavía puede leer lo que muestra esta página; desde aquí no se puede cambiar nada.',
  'Cancel the recovery': 'Cancelar la recuperación',
  'cancelling the recovery': 'cancelar la recuperación',
  'Recovery cancelled: your chart stays with this wallet':
    'Recuperación cancelada: su historia se queda con este monedero',
  'Move to new keys, then give your guardians new shares':
    'Pase a claves nuevas y después dé fragmentos nuevos a sus custodios',
  'The guardians who approved sent their shares to {address}: together they open the keys in your recovery kit, and with them your records so far.':
    'Los custodios que lo aprobaron enviaron sus fragmentos a {address}: juntos abren las claves de su kit de recuperación y, con ellas, sus registros hasta ahora.',
  'Move to new encryption keys on Access, then give your guardians new shares on Recovery: what you add from then on is closed to that wallet.':
    'Pase a claves de cifrado nuevas en Acceso y después dé fragmentos nuevos a sus custodios en Recuperación: lo que añada desde entonces queda cerrado para ese monedero.',
  'Open Access': 'Abrir Acceso',
  'Your guardians approved moving your chart': 'Sus custodios aprobaron trasladar su historia',
  'One guardian approved moving this chart to the account {address}.':
    'Un custodio aprobó trasladar esta historia a la cuenta {address}.',
  '{count} guardians approved moving this chart to the account {address}.':
    '{count} custodios aprobaron trasladar esta historia a la cuenta {address}.',
  'It moves there after {date} unless you cancel.': 'Se trasladará allí después del {date} salvo que usted lo cancele.',
  'The waiting time is over: it moves as soon as that account completes the recovery, unless you cancel now.':
    'El plazo de espera ha terminado: se trasladará en cuanto esa cuenta complete la recuperación, salvo que usted la cancele ahora.',
  '{cancelNow}, then tell your guardians: someone may be trying to take your chart.':
    '{cancelNow} y después avise a sus custodios: puede que alguien intente quedarse con su historia.',
  'If you did not ask for this, cancel now': 'Si usted no lo pidió, cancélelo ahora',
  'A recovery of your chart is pending': 'Hay una recuperación de su historia pendiente',
  'Guardians approved moving your chart to {address}. If you did not ask for it, cancel it now.':
    'Unos custodios aprobaron trasladar su historia a {address}. Si usted no lo pidió, cancélelo ahora.',
  'See it': 'Verla',
  'Open the recovered chart': 'Abrir la historia recuperada',
  'Approve the signature requests in your wallet (two, and two more for each key version made since the recovery); then the guardians’ shares are opened…':
    'Apruebe las solicitudes de firma en su monedero (dos, y dos más por cada versión de clave creada desde la recuperación); después se abren los fragmentos de los custodios…',
  'opening the recovered chart': 'abrir la historia recuperada',
  'This wallet holds a recovered chart': 'Este monedero custodia una historia recuperada',
  'Your guardians moved the chart {address} to this wallet. Its keys are in the shares they sealed to this wallet: your wallet signs “EncryptionKeyRequest” twice to open them, and twice more for each key version it made for the chart since.':
    'Sus custodios trasladaron la historia {address} a este monedero. Sus claves están en los fragmentos que sellaron para este monedero: su monedero firma «EncryptionKeyRequest» dos veces para abrirlos, y dos más por cada versión de clave que haya creado para la historia desde entonces.',
  'the sealed share is malformed': 'el fragmento sellado está mal formado',
  'the share is not sealed to any of your keys': 'el fragmento no está sellado para ninguna de sus claves',
  'these words are not a valid share (check each word and their order)':
    'estas palabras no son un fragmento válido (compruebe cada palabra y su orden)',
  'the shares do not belong to this chart’s guardians as they are named now':
    'los fragmentos no pertenecen a los custodios de esta historia tal como están nombrados ahora',
  'the vault lacks the keys of version {version}': 'a la caja fuerte le faltan las claves de la versión {version}',
  'this account is not one of the chart’s guardians now': 'esta cuenta ya no es uno de los custodios de la historia',
  'the chart’s recovery kit holds no share sealed to this account':
    'el kit de recuperación de la historia no contiene ningún fragmento sellado para esta cuenta',
  'these words are not the paper share of this chart’s guardians as they are now':
    'estas palabras no son el fragmento en papel de los custodios actuales de esta historia',
  'the approval was reverted': 'la aprobación se revirtió',
  'not enough guardians’ shares to open the chart’s keys':
    'no hay suficientes fragmentos de custodios para abrir las claves de la historia',
  'the keys the guardians’ shares opened do not open this chart’s records':
    'las claves que abrieron los fragmentos de los custodios no abren los registros de esta historia',
  'the chart’s guardians cannot be named again as they are: name them anew':
    'los custodios de la historia no se pueden volver a nombrar tal como están: nómbrelos de nuevo',
  'the guardian {address} has no encryption key now: name your guardians anew':
    'el custodio {address} no tiene ahora clave de cifrado: nombre de nuevo a sus custodios',
  'Giving your guardians new shares that hold the new keys…':
    'Dando a sus custodios fragmentos nuevos que contienen las claves nuevas…',

  // Recover a chart, as the new wallet (recovery-request.js)
  'Connect the new wallet that should hold your chart (a new wallet extension account, or the built-in wallet): the chart moves to it.':
    'Conecte el monedero nuevo que debe custodiar su historia (una cuenta nueva de una extensión de monedero, o el monedero integrado): la historia se traslada a él.',
  'The chart’s address': 'La dirección de la historia',
  'The address of the wallet you lost: it is on your recovery kit, as text and as a QR code.':
    'La dirección del monedero que perdió: está en su kit de recuperación, como texto y como código QR.',
  'Look up the chart': 'Buscar la historia',
  'Which chart': 'Qué historia',
  'Lost the wallet that holds your chart? Your guardians can move the chart to the wallet connected now: {address}. Your records, grants and links stay as they are; this wallet acts for the chart from then on.':
    '¿Perdió el monedero que custodia su historia? Sus custodios pueden trasladar la historia al monedero conectado ahora: {address}. Sus registros, accesos concedidos y vínculos se quedan como están; desde entonces este monedero actúa en nombre de la historia.',
  'Enter the chart’s address: 0x followed by 40 hexadecimal digits.':
    'Escriba la dirección de la historia: 0x seguido de 40 dígitos hexadecimales.',
  'This is the connected wallet itself. Connect the new wallet, then enter the lost one’s address.':
    'Este es el propio monedero conectado. Conecte el monedero nuevo y después escriba la dirección del perdido.',
  'looking up the chart': 'buscar la historia',
  'The chart {address} has no guardians: nobody can move it to another wallet.':
    'La historia {address} no tiene custodios: nadie puede trasladarla a otro monedero.',
  'Create my recovery request': 'Crear mi solicitud de recuperación',
  'Approve the signature requests in your wallet (three: two for your keys, one for the request)…':
    'Apruebe las solicitudes de firma en su monedero (tres: dos para sus claves, una para la solicitud)…',
  'Your recovery request': 'Su solicitud de recuperación',
  'Recovery request': 'Solicitud de recuperación',
  'QR code of the recovery request below': 'Código QR de la solicitud de recuperación que aparece abajo',
  'Send it to your guardians (in a message, or show them the QR code). Each of them must check with you, by phone or in person, that it is yours before approving. It holds no secret.':
    'Envíela a sus custodios (en un mensaje, o enséñeles el código QR). Cada uno debe comprobar con usted, por teléfono o en persona, que es suya antes de aprobarla. No contiene ningún secreto.',
  'creating the recovery request': 'crear la solicitud de recuperación',
  'The words of your paper share, in order': 'Las palabras de su fragmento en papel, en orden',
  'Separated by spaces. They never leave this page: what goes on chain is the share sealed to this wallet.':
    'Separadas por espacios. Nunca salen de esta página: lo que va a la cadena es el fragmento sellado para este monedero.',
  'Approve with the paper share': 'Aprobar con el fragmento en papel',
  'These words are not a share: check each word and their order.':
    'Estas palabras no son un fragmento: compruebe cada palabra y su orden.',
  'Approve the two signature requests for your keys in your wallet…':
    'Apruebe en su monedero las dos solicitudes de firma para sus claves…',
  'Signing the paper guardian’s approval…': 'Firmando la aprobación del custodio en papel…',
  'Sent. Waiting for the network to confirm…': 'Enviada. Esperando la confirmación de la red…',
  'Approve the transaction in your wallet (it submits the paper guardian’s approval)…':
    'Apruebe la transacción en su monedero (envía la aprobación del custodio en papel)…',
  'The paper share approved.': 'El fragmento en papel lo aprobó.',
  'Not done: nothing was changed.': 'No se ha hecho: no ha cambiado nada.',
  'approving with the paper share': 'aprobar con el fragmento en papel',
  'Complete the recovery': 'Completar la recuperación',
  '{count} of the {threshold} approvals needed.': '{count} de las {threshold} aprobaciones necesarias.',
  'Earlier approvals no longer count: the recovery was cancelled from the chart’s wallet, or its guardians changed.':
    'Las aprobaciones anteriores ya no cuentan: la recuperación se canceló desde el monedero de la historia, o cambiaron sus custodios.',
  'Approved by {guardian}': 'Aprobada por {guardian}',
  'The chart moves to this wallet after {date}, unless its old wallet cancels. Then complete the recovery below.':
    'La historia se traslada a este monedero después del {date}, salvo que su antiguo monedero lo cancele. Después, complete la recuperación abajo.',
  'The waiting time is over: complete the recovery.': 'El plazo de espera ha terminado: complete la recuperación.',
  'Another recovery of this chart is pending, to {address}.':
    'Hay otra recuperación de esta historia pendiente, hacia {address}.',
  'This recovery cannot be completed': 'Esta recuperación no se puede completar',
  'No recovery of this chart to this wallet is pending: it was cancelled from the chart’s wallet, or not enough guardians have approved. Nothing moved.':
    'No hay ninguna recuperación pendiente de esta historia hacia este monedero: se canceló desde el monedero de la historia, o no la han aprobado suficientes custodios. No se ha trasladado nada.',
  'If you still hold the chart’s old wallet, you do not need a recovery. Otherwise ask your guardians to approve again.':
    'Si todavía tiene el antiguo monedero de la historia, no necesita una recuperación. Si no, pida a sus custodios que la aprueben de nuevo.',
  'Not yet': 'Todavía no',
  'The waiting time ends on {date}: until then the chart’s old wallet can still cancel.':
    'El plazo de espera termina el {date}: hasta entonces el antiguo monedero de la historia todavía puede cancelarla.',
  'Come back then and complete the recovery.': 'Vuelva entonces y complete la recuperación.',
  'completing the recovery': 'completar la recuperación',
  'The chart is now held by this wallet': 'Ahora la historia la custodia este monedero',
  'The chart {address} has {count} guardians; any {threshold} of them can move it to this wallet, then it moves after {delay} unless its old wallet cancels.':
    'La historia {address} tiene {count} custodios; cualesquiera {threshold} de ellos pueden trasladarla a este monedero, y se traslada al cabo de {delay} salvo que su antiguo monedero lo cancele.',
  '1. Ask your guardians': '1. Pida ayuda a sus custodios',
  '2. Your paper share': '2. Su fragmento en papel',
  'One of the guardians is the paper share you wrote down. Type its words: this page approves for it.':
    'Uno de los custodios es el fragmento en papel que usted anotó. Escriba sus palabras: esta página aprueba en su nombre.',
  '{n}. Approvals': '{n}. Aprobaciones',
  '{n}. Complete': '{n}. Completar',
  'When enough guardians have approved and the waiting time is over, complete the recovery here.':
    'Cuando suficientes custodios lo hayan aprobado y haya terminado el plazo de espera, complete aquí la recuperación.',
  'This wallet holds the chart': 'Este monedero custodia la historia',
  'The recovery of {address} to this wallet is complete.':
    'La recuperación de {address} en este monedero está completa.',
  'Opening the chart’s keys with your guardians’ shares (your wallet may ask for two signatures)…':
    'Abriendo las claves de la historia con los fragmentos de sus custodios (su monedero puede pedirle dos firmas)…',
  'Your chart is open in this wallet': 'Su historia está abierta en este monedero',
  'The chart has no record yet to check the keys against.':
    'La historia todavía no tiene ningún registro con el que comprobar las claves.',
  'The restored keys opened record {id} of the chart.':
    'Las claves restauradas abrieron el registro {id} de la historia.',

  // Charts you guard, as a guardian (recovery-guardian.js)
  'Connect your wallet to see the charts you guard.': 'Conecte su monedero para ver las historias que custodia.',
  'Reading the charts you guard…': 'Leyendo las historias que custodia…',
  'A patient who names you as a guardian gives you a share of their chart’s keys, sealed to your key. Alone it opens nothing. If they lose their wallet, they send you a recovery request: you approve it here, after checking with them.':
    'Un paciente que le nombra custodio le da un fragmento de las claves de su historia, sellado para su clave. Por sí solo no abre nada. Si pierde su monedero, le envía una solicitud de recuperación: usted la aprueba aquí, después de comprobarlo con él.',
  'Charts that named you': 'Historias que le nombraron',
  'The charts you guard could not be read.': 'No se pudieron leer las historias que custodia.',
  'reading the charts you guard': 'leer las historias que custodia',
  'any {threshold} of {count} guardians, then {delay}.':
    'cualesquiera {threshold} de {count} custodios, después {delay}.',
  'no longer: the patient named other guardians.': 'ya no: el paciente nombró a otros custodios.',
  'Recovery pending': 'Recuperación pendiente',
  'to {address}, one approval.': 'hacia {address}, una aprobación.',
  'to {address}, {count} approvals.': 'hacia {address}, {count} aprobaciones.',
  'Nobody has named you as a guardian.': 'Nadie le ha nombrado custodio.',
  'The recovery request': 'La solicitud de recuperación',
  'The text the patient sent you (it starts with ehr-recovery:), or scan its QR code.':
    'El texto que le envió el paciente (empieza por ehr-recovery:), o escanee su código QR.',
  'Read the request': 'Leer la solicitud',
  'Approve a recovery request': 'Aprobar una solicitud de recuperación',
  'The recovery request is damaged (copy it again, whole).':
    'La solicitud de recuperación está dañada (vuelva a copiarla entera).',
  'The recovery request was made for another network.': 'La solicitud de recuperación se hizo para otra red.',
  'The recovery request is incomplete.': 'La solicitud de recuperación está incompleta.',
  'The recovery request was not signed by the new account it names.':
    'La solicitud de recuperación no la firmó la cuenta nueva que nombra.',
  'This recovery request cannot be read: copy it again, whole.':
    'Esta solicitud de recuperación no se puede leer: vuelva a copiarla entera.',
  'You are not a guardian of this chart (or no longer: the patient named other guardians).':
    'Usted no es custodio de esta historia (o ya no: el paciente nombró a otros custodios).',
  'reading the recovery request': 'leer la solicitud de recuperación',
  'Approve the recovery': 'Aprobar la recuperación',
  'Check with the patient first, then tick the box.': 'Compruébelo antes con el paciente y después marque la casilla.',
  'Opening your share…': 'Abriendo su fragmento…',
  'Approve the two signature requests in your wallet to open your share…':
    'Apruebe en su monedero las dos solicitudes de firma para abrir su fragmento…',
  'opening your share': 'abrir su fragmento',
  'approving the recovery': 'aprobar la recuperación',
  'Your approval is recorded': 'Su aprobación ha quedado registrada',
  'Approved: your share is on its way to the new wallet, sealed to it.':
    'Aprobada: su fragmento va camino del monedero nuevo, sellado para él.',
  'A request to move a chart to a new wallet': 'Una solicitud para trasladar una historia a un monedero nuevo',
  Chart: 'Historia',
  'New wallet': 'Monedero nuevo',
  Approvals: 'Aprobaciones',
  '{count} so far; {threshold} needed, then {delay} of waiting.':
    '{count} hasta ahora; hacen falta {threshold}, después {delay} de espera.',
  '{threshold} needed, then {delay} of waiting.': 'Hacen falta {threshold}, después {delay} de espera.',
  'Before you approve, call or meet the patient.': 'Antes de aprobarla, llame al paciente o reúnase con él.',
  'Check that they asked for this and read them the new wallet’s address above: it must be theirs. Anyone can make a request, and a message can be forged; approving a stranger’s request helps them take the patient’s chart.':
    'Compruebe que la pidió y léale la dirección del monedero nuevo que aparece arriba: debe ser suya. Cualquiera puede hacer una solicitud, y un mensaje se puede falsificar; aprobar la solicitud de un desconocido le ayuda a quedarse con la historia del paciente.',
  'I checked with the patient, by phone or in person, that this request and this new wallet are theirs':
    'He comprobado con el paciente, por teléfono o en persona, que esta solicitud y este monedero nuevo son suyos',

  // A signed request for a clinician when the patient has no ETH and there is no relay; what the
  // relay's refusals say (chain/relay.js)
  'Signed request: someone else pays': 'Solicitud firmada: paga otra persona',
  'has too little ETH for this. Give this code to your clinician or institution: they submit it and pay the network fee. It is valid for {days} days and works once; this page notices when it lands.':
    'tiene muy poco ETH para esto. Dé este código a su profesional sanitario o a su institución: lo envían y pagan la comisión de la red. Vale durante {days} días y funciona una vez; esta página se da cuenta cuando llega.',
  'Signed request code': 'Código de solicitud firmada',
  'QR code of the signed request below': 'Código QR de la solicitud firmada que aparece abajo',
  'the signed request was cancelled': 'la solicitud firmada se canceló',
  'the signed request expired before anyone submitted it': 'la solicitud firmada caducó antes de que nadie la enviara',
  'stopped waiting for the signed request (it may still be submitted)':
    'se dejó de esperar la solicitud firmada (todavía se puede enviar)',
  'the relay refused the request: {reason}': 'el relé rechazó la solicitud: {reason}',

  // An institution's group key (records/group.js)
  'this account holds no wrap of the group key in force':
    'esta cuenta no tiene ninguna copia sellada de la clave de grupo vigente',

  // Records kept readable offline on a personal device (records/offline.js, patient-frame.js,
  // device-settings.js)
  'this needs the network': 'esto necesita la red',
  'this record is not kept on this device any more': 'este registro ya no se guarda en este dispositivo',
  'The attached file needs the network.': 'El archivo adjunto necesita la red.',
  'Kept on this device: the same bytes that matched the record’s content identifier when you opened it online.':
    'Guardado en este dispositivo: los mismos bytes que coincidieron con el identificador de contenido del registro cuando lo abrió con conexión.',
  'This record could not be kept on this device': 'Este registro no se pudo guardar en este dispositivo',
  'It is still readable online. Opening it again tries again.':
    'Sigue pudiéndose leer con conexión. Al abrirlo de nuevo se vuelve a intentar.',
  'Offline: this needs the network. Nothing can be added or shared until you are online.':
    'Sin conexión: esto necesita la red. No se puede añadir ni compartir nada hasta que tenga conexión.',
  'See the records kept on this device': 'Ver los registros guardados en este dispositivo',
  'Records kept on this device': 'Registros guardados en este dispositivo',
  'Offline: showing the 1 record kept on this device; nothing can be added or shared until you are online.':
    'Sin conexión: se muestra el único registro guardado en este dispositivo; no se puede añadir ni compartir nada hasta que tenga conexión.',
  'Offline: showing the {count} records kept on this device; nothing can be added or shared until you are online.':
    'Sin conexión: se muestran los {count} registros guardados en este dispositivo; no se puede añadir ni compartir nada hasta que tenga conexión.',
  'Only the records you opened here while “Keep records I open readable offline” was on. They open from their encrypted copies on this device, with keys derived from your wallet in this page. Reload the page once you are online to see your whole chart.':
    'Solo los registros que abrió aquí mientras «Guardar los registros que abro para leerlos sin conexión» estaba activado. Se abren desde sus copias cifradas en este dispositivo, con claves derivadas de su monedero en esta página. Vuelva a cargar la página cuando tenga conexión para ver todo su historial.',
  'No record is kept on this device yet.': 'Todavía no hay ningún registro guardado en este dispositivo.',
  'opening the records kept on this device': 'abrir los registros guardados en este dispositivo',
  'Offline: this device cannot reach the network. Unlock the wallet kept here to read the records you chose to keep on it; nothing can be added or shared until you are online.':
    'Sin conexión: este dispositivo no puede acceder a la red. Desbloquee el monedero guardado aquí para leer los registros que eligió guardar en él; no se puede añadir ni compartir nada hasta que tenga conexión.',
  'Records you opened, as their encrypted copies from IPFS, listed under a key derived from the wallet (the setting below).':
    'Los registros que abrió, como sus copias cifradas de IPFS, con su lista cifrada bajo una clave derivada del monedero (la opción de abajo).',
  '1 record is kept on this device.': 'Hay 1 registro guardado en este dispositivo.',
  '{count} records are kept on this device.': 'Hay {count} registros guardados en este dispositivo.',
  'This browser does not let the page store records here.':
    'Este navegador no permite que la página guarde registros aquí.',
  'On: each record you open from now on is kept on this device, encrypted.':
    'Activado: cada registro que abra a partir de ahora se guarda en este dispositivo, cifrado.',
  'Off: the records kept on this device were deleted.':
    'Desactivado: se eliminaron los registros guardados en este dispositivo.',
  'changing what this device keeps': 'cambiar lo que guarda este dispositivo',
  'Reading without a network': 'Leer sin conexión',
  'Keep records I open readable offline on this device':
    'Guardar los registros que abro para leerlos sin conexión en este dispositivo',
  'Off by default. From then on, each record you open is kept here as the encrypted copy fetched from IPFS, its place in the list encrypted under a key derived from your wallet; nothing decrypted is stored. Without a network, unlocking the wallet here shows those records (nothing can be added or shared). Anyone who has this device and its password can read them too. Turning this off deletes them.':
    'Desactivado de forma predeterminada. A partir de entonces, cada registro que abra se guarda aquí como la copia cifrada obtenida de IPFS, con su lugar en la lista cifrado bajo una clave derivada de su monedero; no se guarda nada descifrado. Sin conexión, al desbloquear el monedero aquí se muestran esos registros (no se puede añadir ni compartir nada). Cualquiera que tenga este dispositivo y su contraseña también puede leerlos. Al desactivarlo se eliminan.',
  Offline: 'Sin conexión',
};
