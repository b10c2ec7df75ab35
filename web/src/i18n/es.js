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
  ', born {date}': ', nacido/a el {date}',
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
};
