<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../ui/wedge_filter.py" line="+391"/>
        <source>The scanner&apos;s keyboard layout does not match this PC&apos;s: set the scanner to {layout} or switch to serial mode</source>
        <translation>Układ klawiatury skanera nie pasuje do tego komputera: ustaw w skanerze {layout} albo przełącz go w tryb szeregowy</translation>
    </message>
</context>
<context>
    <name>CameraDock</name>
    <message>
        <location filename="../ui/camera_dock.py" line="+57"/>
        <source>Demo camera ({name})</source>
        <translation>Kamera demo ({name})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Demo video ({name})</source>
        <translation>Wideo demo ({name})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Camera: off</source>
        <translation>Kamera: wyłączona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: starting ({device})</source>
        <translation>Kamera: uruchamianie ({device})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: on ({device})</source>
        <translation>Kamera: włączona ({device})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: disconnected, retrying</source>
        <translation>Kamera: rozłączona, ponawiam próbę</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera: not found, retrying</source>
        <translation>Kamera: nie znaleziono, ponawiam próbę</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Camera setting {setting} cannot be used: {error}</source>
        <translation>Nie można użyć ustawienia kamery {setting}: {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: not found</source>
        <translation>Kamera: nie znaleziono</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../ui/camera_view.py" line="+83"/>
        <source>Camera off</source>
        <translation>Kamera wyłączona</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <location filename="../ui/checklist_view.py" line="+39"/>
        <source>not on the item</source>
        <translation>brak na artykule</translation>
    </message>
</context>
<context>
    <name>ConcernDesk</name>
    <message>
        <location filename="../ui/concern_desk.py" line="+23"/>
        <source>Concern</source>
        <translation>Podejrzenie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raised</source>
        <translation>Zgłoszono</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>Artykuł</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Notatka</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear (unfounded)</source>
        <translation>Oddal (bezpodstawne)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm</source>
        <translation>Potwierdź</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Concerns: %n open</source>
        <translation>
            <numerusform>Podejrzenia: %n otwarte</numerusform>
            <numerusform>Podejrzenia: %n otwarte</numerusform>
            <numerusform>Podejrzenia: %n otwartych</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Concern #{id} on {what}: {reason}. {note}</source>
        <translation>Podejrzenie #{id} dot. {what}: {reason}. {note}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Concern #{id} cleared: {finding}</source>
        <translation>Podejrzenie #{id} oddalone: {finding}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Concern #{id} confirmed: {finding}</source>
        <translation>Podejrzenie #{id} potwierdzone: {finding}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Concern #{id} {status}: {finding}</source>
        <translation>Podejrzenie #{id} {status}: {finding}</translation>
    </message>
</context>
<context>
    <name>ConcernDialog</name>
    <message>
        <location filename="../ui/concern_flag.py" line="+68"/>
        <source>Raise a concern</source>
        <translation>Zgłoś podejrzenie</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What you saw (optional), then Enter</source>
        <translation>Co widzisz (opcjonalnie), potem Enter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why do you suspect fraud or abuse? A supervisor decides.</source>
        <translation>Dlaczego podejrzewasz oszustwo lub nadużycie? Decyduje kierownik zmiany.</translation>
    </message>
</context>
<context>
    <name>ConcernFlag</name>
    <message>
        <location line="+49"/>
        <source>Open a parcel or an item first, then press Alt+C.</source>
        <translation>Najpierw otwórz paczkę lub artykuł, potem naciśnij Alt+C.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Concern #{id} raised ({reason}): a supervisor decides; the credit waits.</source>
        <translation>Zgłoszono podejrzenie #{id} ({reason}): decyduje kierownik zmiany, zwrot środków czeka.</translation>
    </message>
</context>
<context>
    <name>CustomerHistoryLabel</name>
    <message>
        <location line="-89"/>
        <source>Customer history not available: {error}</source>
        <translation>Historia klienta niedostępna: {error}</translation>
    </message>
</context>
<context>
    <name>DiscrepancyDesk</name>
    <message>
        <location filename="../ui/discrepancy_desk.py" line="+24"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open for</source>
        <translation>Otwarta od</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where</source>
        <translation>Gdzie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolved</source>
        <translation>Wyjaśniona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write off</source>
        <translation>Spisz w straty</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Discrepancies: %n open, oldest first</source>
        <translation>
            <numerusform>Różnice: %n otwarta, najstarsze najpierw</numerusform>
            <numerusform>Różnice: %n otwarte, najstarsze najpierw</numerusform>
            <numerusform>Różnice: %n otwartych, najstarsze najpierw</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discrepancy #{id}, open for {age}: {detail}</source>
        <translation>Różnica #{id}, otwarta od {age}: {detail}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discrepancy #{id} resolved.</source>
        <translation>Różnica #{id} wyjaśniona.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discrepancy #{id} written off.</source>
        <translation>Różnica #{id} spisana w straty.</translation>
    </message>
</context>
<context>
    <name>ExceptionDesk</name>
    <message>
        <location filename="../ui/exception_desk.py" line="+117"/>
        <source>Nothing here is {code}. Scan a label from the list.</source>
        <translation>Nie ma tu nic z kodem {code}. Zeskanuj etykietę z listy.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nothing is waiting here.</source>
        <translation>Nic tu nie czeka.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Scan a label from the list, or press Enter for the oldest.</source>
        <translation>Zeskanuj etykietę z listy albo naciśnij Enter, aby wziąć najstarszą pozycję.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{choice}: type the reason and press Enter (Esc starts over).</source>
        <translation>{choice}: wpisz powód i naciśnij Enter (Esc – od nowa).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{choice}: “{reason}”. Press Enter to do it, Esc to start over.</source>
        <translation>{choice}: „{reason}”. Enter – wykonaj, Esc – od nowa.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Working…</source>
        <translation>Przetwarzanie…</translation>
    </message>
</context>
<context>
    <name>FeedbackBanner</name>
    <message>
        <location filename="../ui/feedback_banner.py" line="+41"/>
        <source>Ready. Scan a parcel label to start.</source>
        <translation>Gotowe. Zeskanuj etykietę paczki, aby zacząć.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../ui/first_run.py" line="+64"/>
        <source>SQLite file on this PC (one bench)</source>
        <translation>Plik SQLite na tym komputerze (jedno stanowisko)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PostgreSQL server (several benches share it)</source>
        <translation>Serwer PostgreSQL (wspólny dla kilku stanowisk)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Connected: {database}</source>
        <translation>Połączono: {database}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not a database address: {address}. Example: {example}</source>
        <translation>To nie jest adres bazy danych: {address}. Przykład: {example}</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+272"/>
        <source>Not connected: {error}</source>
        <translation>Brak połączenia: {error}</translation>
    </message>
    <message>
        <location line="-266"/>
        <source>Test</source>
        <translation>Testuj</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test page {station}</source>
        <translation>Strona testowa {station}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printed by the ReturnStation setup</source>
        <translation>Wydrukowano podczas konfiguracji ReturnStation</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{printer} failed: {error}</source>
        <translation>{printer}: błąd: {error}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>ReturnStation: set up this bench</source>
        <translation>ReturnStation: konfiguracja tego stanowiska</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Set up this bench</source>
        <translation>Konfiguracja tego stanowiska</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Try each part while you are at the bench. Everything can be changed later in {path} (environment variables RETURNSTATION_* and command-line options override it; see Effective settings).</source>
        <translation>Sprawdź każdą część od razu przy stanowisku. Wszystko można później zmienić w {path} (zmienne środowiskowe RETURNSTATION_* i opcje wiersza poleceń mają pierwszeństwo; zob. Obowiązujące ustawienia).</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Save and start</source>
        <translation>Zapisz i uruchom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>Nie teraz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start with the defaults; this setup comes back next time</source>
        <translation>Uruchom z ustawieniami domyślnymi; ta konfiguracja pojawi się przy następnym uruchomieniu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter never presses a button here (a scanner sends one): click, or Tab to it and press Space</source>
        <translation>Enter nie naciska tu żadnego przycisku (wysyła go skaner): kliknij albo przejdź klawiszem Tab i naciśnij spację</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>1. This bench</source>
        <translation>1. To stanowisko</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. bench-3</source>
        <translation>np. stanowisko-3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Station name</source>
        <translation>Nazwa stanowiska</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shown in the title bar and kept with every record this bench makes.</source>
        <translation>Widoczna na pasku tytułu i zapisywana przy każdym wpisie z tego stanowiska.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>2. Database</source>
        <translation>2. Baza danych</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test connection</source>
        <translation>Testuj połączenie</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>3. Scanner</source>
        <translation>3. Skaner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan any barcode</source>
        <translation>Zeskanuj dowolny kod kreskowy</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No scan yet: scan anywhere in this window.</source>
        <translation>Jeszcze nic nie zeskanowano: skanuj w dowolnym miejscu tego okna.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Effective settings (read-only)</source>
        <translation>Obowiązujące ustawienia (tylko odczyt)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Setting</source>
        <translation>Ustawienie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wartość</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>Źródło</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>4. Camera (optional)</source>
        <translation>4. Kamera (opcjonalnie)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>empty: none; 0: first camera; /dev/video2; a folder of images</source>
        <translation>puste: brak; 0: pierwsza kamera; /dev/video2; folder z obrazami</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test camera</source>
        <translation>Testuj kamerę</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>5. Label printer</source>
        <translation>5. Drukarka etykiet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Print test page</source>
        <translation>Drukuj stronę testową</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>pdf-folder: PDF files, for any office printer
zpl-folder: the ZPL a thermal printer would get
tcp://HOST:9100: a Zebra on the network
cups:QUEUE: a printer installed on this PC
Folder printers write to {folder}</source>
        <translation>pdf-folder: pliki PDF, dla dowolnej drukarki biurowej
zpl-folder: kod ZPL, który dostałaby drukarka termiczna
tcp://HOST:9100: drukarka Zebra w sieci
cups:QUEUE: drukarka zainstalowana na tym komputerze
Drukarki folderowe zapisują do {folder}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Connecting…</source>
        <translation>Łączenie…</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Last scan: {text}  (%n characters)</source>
        <translation>
            <numerusform>Ostatni skan: {text}  (%n znak)</numerusform>
            <numerusform>Ostatni skan: {text}  (%n znaki)</numerusform>
            <numerusform>Ostatni skan: {text}  (%n znaków)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No camera: this step is skipped.</source>
        <translation>Brak kamery: ten krok zostanie pominięty.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Test camera and hold a label in front of it.</source>
        <translation>Naciśnij „Testuj kamerę” i przytrzymaj przed nią etykietę.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This camera setting cannot be used: {error}</source>
        <translation>Nie można użyć tego ustawienia kamery: {error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hold a label in front of the camera…</source>
        <translation>Przytrzymaj etykietę przed kamerą…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Camera read: {text}</source>
        <translation>Kamera odczytała: {text}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>new bench</source>
        <translation>nowe stanowisko</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printing a test label on {printer}…</source>
        <translation>Drukowanie etykiety testowej na {printer}…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Give the station a name.</source>
        <translation>Nadaj stanowisku nazwę.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database address is not valid. Example: {example}</source>
        <translation>Adres bazy danych jest nieprawidłowy. Przykład: {example}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not write {path}: {error}</source>
        <translation>Nie udało się zapisać {path}: {error}</translation>
    </message>
</context>
<context>
    <name>HoldWorkbench</name>
    <message>
        <location filename="../ui/hold_workbench.py" line="+25"/>
        <source>no RMA</source>
        <translation>brak RMA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hold</source>
        <translation>Sprawa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Czeka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scanned</source>
        <translation>Zeskanowano</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held at</source>
        <translation>Odłożone przez</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Match to an RMA</source>
        <translation>Przypisz do RMA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Match: scan the RMA, order or tracking number, then press Enter.</source>
        <translation>Przypisanie: zeskanuj numer RMA, zamówienia lub przesyłki, potem naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept without RMA</source>
        <translation>Przyjmij bez RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return to sender</source>
        <translation>Odeślij do nadawcy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scrap</source>
        <translation>Utylizuj</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recycle</source>
        <translation>Do recyklingu</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Hold shelf: %n waiting for a decision</source>
        <translation>
            <numerusform>Półka wyjaśnień: %n czeka na decyzję</numerusform>
            <numerusform>Półka wyjaśnień: %n czekają na decyzję</numerusform>
            <numerusform>Półka wyjaśnień: %n czeka na decyzję</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hold {ref}: {code}, waiting {age}. {why}</source>
        <translation>Sprawa {ref}: {code}, czeka od {age}. {why}</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../ui/inspect_page.py" line="+95"/>
        <source>Scan an item (its RSI code, barcode or SKU), or pick it from the list on the left.</source>
        <translation>Zeskanuj artykuł (kod RSI, kod kreskowy lub SKU) albo wybierz go z listy po lewej.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Take photo  {key}</source>
        <translation>Zrób zdjęcie  {key}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect a camera and press F7 again; without one, ask a supervisor to turn off require_photos.</source>
        <translation>Podłącz kamerę i naciśnij ponownie F7; bez kamery poproś kierownika zmiany o wyłączenie require_photos.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Inspect</source>
        <translation>Kontrola</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Waiting for inspection</source>
        <translation>Czeka na kontrolę</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+956"/>
        <source>Item</source>
        <translation>Artykuł</translation>
    </message>
    <message>
        <location line="-955"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Opis</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reload rules</source>
        <translation>Wczytaj reguły</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read the rules file again; a file with mistakes is refused</source>
        <translation>Wczytaj ponownie plik reguł; plik z błędami zostanie odrzucony</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Confirm  (Enter)</source>
        <translation>Potwierdź  (Enter)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Override  {key}</source>
        <translation>Zmień decyzję  {key}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the item elsewhere, with a reason and a supervisor&apos;s PIN</source>
        <translation>Skieruj artykuł gdzie indziej, z powodem i PIN-em kierownika zmiany</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pause  Esc</source>
        <translation>Wstrzymaj  Esc</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the item back in the queue; the answers so far are kept</source>
        <translation>Odłóż artykuł z powrotem do kolejki; dotychczasowe odpowiedzi zostaną zachowane</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A still from the camera panel (switched on if needed), kept as evidence: of the open check when it asks for a photo, else of the first check still waiting for one, else of the item</source>
        <translation>Kadr z panelu kamery (w razie potrzeby włączanej), zachowany jako dowód: do otwartego punktu kontrolnego, jeśli wymaga zdjęcia; inaczej do pierwszego punktu, który wciąż na nie czeka; inaczej do artykułu</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Answer with the number keys or scan the value. Backspace goes back, Enter confirms.</source>
        <translation>Odpowiadaj klawiszami cyfr albo zeskanuj wartość. Backspace – wstecz, Enter – potwierdź.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Unknown command card: {problem}</source>
        <translation>Nieznana karta poleceń: {problem}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>That is the product barcode, not the {value}: scan the code with the {value}, or type it.</source>
        <translation>To kod kreskowy produktu, a nie „{value}”: zeskanuj kod „{value}” albo go wpisz.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Not recognised: {problem}</source>
        <translation>Nie rozpoznano: {problem}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No item waiting for inspection matches {code}. Was its parcel finished on the Receive tab (scan DONE)?</source>
        <translation>Żaden artykuł czekający na kontrolę nie pasuje do {code}. Czy jego paczkę zamknięto na karcie Przyjęcie (zeskanuj DONE)?</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Waiting for inspection: {count}</source>
        <translation>Czeka na kontrolę: {count}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing is waiting for inspection.</source>
        <translation>Nic nie czeka na kontrolę.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Rules: {name}, version {version}</source>
        <translation>Reguły: {name}, wersja {version}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Rules reloaded (new version): version {version}.</source>
        <translation>Reguły wczytane ponownie (nowa wersja): wersja {version}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rules reloaded (unchanged): version {version}.</source>
        <translation>Reguły wczytane ponownie (bez zmian): wersja {version}.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The rules file has %n problem(s) and was NOT taken. The station keeps the rules it had (version {version}).</source>
        <translation>
            <numerusform>Plik reguł ma %n błąd i NIE został przyjęty. Stanowisko zachowuje dotychczasowe reguły (wersja {version}).</numerusform>
            <numerusform>Plik reguł ma %n błędy i NIE został przyjęty. Stanowisko zachowuje dotychczasowe reguły (wersja {version}).</numerusform>
            <numerusform>Plik reguł ma %n błędów i NIE został przyjęty. Stanowisko zachowuje dotychczasowe reguły (wersja {version}).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rules file refused</source>
        <translation>Plik reguł odrzucony</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{rma}  ·  {reason}  ·  value {value}  ·  bought {date}</source>
        <translation>{rma}  ·  {reason}  ·  wartość {value}  ·  kupiono {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{rma}  ·  {reason}  ·  value {value}</source>
        <translation>{rma}  ·  {reason}  ·  wartość {value}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Checklist: {title}</source>
        <translation>Lista kontrolna: {title}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Resumed from {station} {time} UTC ({user})</source>
        <translation>Wznowiono z {station} {time} UTC ({user})</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{resumed}: {done} of %n checks were answered.</source>
        <translation>
            <numerusform>{resumed}: odpowiedzi na {done} z %n punktu kontrolnego.</numerusform>
            <numerusform>{resumed}: odpowiedzi na {done} z %n punktów kontrolnych.</numerusform>
            <numerusform>{resumed}: odpowiedzi na {done} z %n punktów kontrolnych.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{resumed}. {item}: {done} of %n answered, carry on.</source>
        <translation>
            <numerusform>{resumed}. {item}: odpowiedzi {done} z %n, kontynuuj.</numerusform>
            <numerusform>{resumed}. {item}: odpowiedzi {done} z %n, kontynuuj.</numerusform>
            <numerusform>{resumed}. {item}: odpowiedzi {done} z %n, kontynuuj.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Inspecting {item} {sku}: %n checks. Answer with the number keys.</source>
        <translation>
            <numerusform>Kontrola {item} {sku}: %n punkt kontrolny. Odpowiadaj klawiszami cyfr.</numerusform>
            <numerusform>Kontrola {item} {sku}: %n punkty kontrolne. Odpowiadaj klawiszami cyfr.</numerusform>
            <numerusform>Kontrola {item} {sku}: %n punktów kontrolnych. Odpowiadaj klawiszami cyfr.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan an item or pick it from the list first.</source>
        <translation>Najpierw zeskanuj artykuł albo wybierz go z listy.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All checks are answered: press Enter to confirm, Backspace to change one.</source>
        <translation>Wszystkie punkty kontrolne mają odpowiedź: Enter – potwierdź, Backspace – zmień odpowiedź.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{check}” takes a value: scan it or type it, then press Enter.</source>
        <translation>„{check}” wymaga wartości: zeskanuj ją lub wpisz, potem naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{key} is not an answer to “{check}”. Use {keys}.</source>
        <translation>{key} nie jest odpowiedzią na „{check}”. Użyj: {keys}.</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>{check}: {value}, expired %n day(s) ago.</source>
        <translation>
            <numerusform>{check}: {value}, termin minął %n dzień temu.</numerusform>
            <numerusform>{check}: {value}, termin minął %n dni temu.</numerusform>
            <numerusform>{check}: {value}, termin minął %n dni temu.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This GS1 code could not be used: {problems}</source>
        <translation>Nie można użyć tego kodu GS1: {problems}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scanned: {values}. Not used: {problems}.</source>
        <translation>Zeskanowano: {values}. Nie użyto: {problems}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scanned: {values}.</source>
        <translation>Zeskanowano: {values}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Serial {value} is not one the RMA expects ({expected}).</source>
        <translation>Numer seryjny {value} nie jest oczekiwany w tym RMA ({expected}).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No {value} to scan? Press Enter again to record “{none}”, or scan/type it.</source>
        <translation>Brak „{value}” do zeskanowania? Naciśnij ponownie Enter, aby zapisać „{none}”, albo zeskanuj lub wpisz wartość.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{check}” is needed: scan it or type it, then press Enter.</source>
        <translation>Wymagane: „{check}”. Zeskanuj lub wpisz, potem naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This is the first check.</source>
        <translation>To pierwszy punkt kontrolny.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Lot {lot} stopped: its units wait for single inspection ({item} paused).</source>
        <translation>Partia {lot} przerwana: jej artykuły czekają na kontrolę pojedynczą ({item} wstrzymany).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{item} paused: your answers are kept. Scan it again to carry on.</source>
        <translation>{item} wstrzymany: odpowiedzi są zachowane. Zeskanuj ponownie, aby kontynuować.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inspection of {item} cancelled. It stays in the queue.</source>
        <translation>Kontrola {item} anulowana. Artykuł pozostaje w kolejce.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Your answers could not be saved ({error}); they stay on screen.</source>
        <translation>Nie udało się zapisać odpowiedzi ({error}); pozostają na ekranie.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot grade these answers: {error}</source>
        <translation>Nie można ustalić klasy dla tych odpowiedzi: {error}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{answered} of {total} answered</source>
        <translation>Odpowiedzi: {answered} z {total}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grade so far: {grade}</source>
        <translation>Klasa na razie: {grade}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Still to answer: {checks}</source>
        <translation>Pozostało: {checks}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where it goes</source>
        <translation>Dokąd trafia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shown when every check is answered.</source>
        <translation>Pojawi się, gdy wszystkie punkty kontrolne będą miały odpowiedź.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Channel: {channel}</source>
        <translation>Kanał: {channel}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rule {rule}</source>
        <translation>Reguła {rule}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open an item first: a photo is kept as evidence for the item inspected.</source>
        <translation>Najpierw otwórz artykuł: zdjęcie jest zachowywane jako dowód do kontrolowanego artykułu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Still taking the last photo…</source>
        <translation>Wciąż trwa robienie poprzedniego zdjęcia…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No photo: this window has no camera panel. {advice}</source>
        <translation>Brak zdjęcia: to okno nie ma panelu kamery. {advice}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the camera is off</source>
        <translation>kamera jest wyłączona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No photo taken: {error}. {advice}</source>
        <translation>Nie zrobiono zdjęcia: {error}. {advice}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo not kept: {error}</source>
        <translation>Zdjęcie nie zostało zapisane: {error}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Taking photo…</source>
        <translation>Robienie zdjęcia…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taking a photo of {item} for “{check}”…</source>
        <translation>Robienie zdjęcia {item} do „{check}”…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taking a photo of {item}…</source>
        <translation>Robienie zdjęcia {item}…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Photo of {item} kept.</source>
        <translation>Zapisano zdjęcie {item}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Photo {n} of {item} kept for “{check}”.</source>
        <translation>Zapisano zdjęcie {n} artykułu {item} do „{check}”.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photo {n} of {item} kept.</source>
        <translation>Zapisano zdjęcie {n} artykułu {item}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The photo could not be kept ({error}). Press {key} to try again.</source>
        <translation>Nie udało się zapisać zdjęcia ({error}). Naciśnij {key}, aby spróbować ponownie.</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n photo(s) kept.</source>
        <translation>
            <numerusform>Zapisano %n zdjęcie.</numerusform>
            <numerusform>Zapisano %n zdjęcia.</numerusform>
            <numerusform>Zapisano %n zdjęć.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No photos yet.</source>
        <translation>Brak zdjęć.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photo needed: {checks}.</source>
        <translation>Wymagane zdjęcie: {checks}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{problem} Press {key} or scan CMD:PHOTO.</source>
        <translation>{problem} Naciśnij {key} lub zeskanuj CMD:PHOTO.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Answer every check first. Still open: {checks}.</source>
        <translation>Najpierw odpowiedz na wszystkie punkty kontrolne. Pozostały: {checks}.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{problem} Someone may have inspected it at another station.</source>
        <translation>{problem} Możliwe, że artykuł sprawdzono już na innym stanowisku.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Answer every check first: then the rules decide, and you can override.</source>
        <translation>Najpierw odpowiedz na wszystkie punkty kontrolne: potem decydują reguły, a decyzję można zmienić.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No item is open any more.</source>
        <translation>Żaden artykuł nie jest już otwarty.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>{word}: put {item} in {destination}. Override approved by {approver}.</source>
        <translation>{word}: odłóż {item} do {destination}. Zmianę decyzji zatwierdza {approver}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{word}: put {item} in {destination}.</source>
        <translation>{word}: odłóż {item} do {destination}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no label to print again yet.</source>
        <translation>Nie ma jeszcze etykiety do ponownego wydruku.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The label is still printing…</source>
        <translation>Etykieta wciąż się drukuje…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printing the routing label…</source>
        <translation>Drukowanie etykiety kierunkowej…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Label printed: {output}</source>
        <translation>Wydrukowano etykietę: {output}</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+21"/>
        <source>Label NOT printed: {error}</source>
        <translation>Etykieta NIE została wydrukowana: {error}</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Label {template} printed: {output}</source>
        <translation>Wydrukowano etykietę {template}: {output}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Label {template} NOT printed: {error}. The print worker tries again.</source>
        <translation>Etykieta {template} NIE została wydrukowana: {error}. Nastąpi automatyczna ponowna próba.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{problem}. Press Print again or scan CMD:PRINT-AGAIN.</source>
        <translation>{problem}. Naciśnij „Drukuj ponownie” lub zeskanuj CMD:PRINT-AGAIN.</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <location filename="../ui/kpi_panel.py" line="+56"/>
        <source>Today</source>
        <translation>Dziś</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>items dispositioned</source>
        <translation>artykułów z decyzją</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>median hours, receipt to disposition</source>
        <translation>mediana godz. od przyjęcia do decyzji</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>% recycled</source>
        <translation>% do recyklingu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on the hold shelf</source>
        <translation>na półce wyjaśnień</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>labels waiting or failed</source>
        <translation>etykiety oczekujące lub z błędem</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>No dispositions yet today.</source>
        <translation>Dziś jeszcze brak decyzji.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>updated {time} UTC</source>
        <translation>zaktualizowano {time} UTC</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not refresh: {error}</source>
        <translation>Nie udało się odświeżyć: {error}</translation>
    </message>
</context>
<context>
    <name>LabelHistoryModel</name>
    <message>
        <location filename="../ui/print_history.py" line="+78"/>
        <location line="+48"/>
        <source>Printed</source>
        <translation>Wydrukowano</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Printing…</source>
        <translation>Drukowanie…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting</source>
        <translation>Oczekuje</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FAILED</source>
        <translation>BŁĄD</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{error} (no more automatic tries: press Retry failed)</source>
        <translation>{error} (koniec automatycznych prób: naciśnij „Ponów nieudane”)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{error} (tried again at {time})</source>
        <translation>{error} (ponowna próba o {time})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last try: {error}</source>
        <translation>Ostatnia próba: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{time} (COPY)</source>
        <translation>{time} (KOPIA)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created (UTC)</source>
        <translation>Utworzono (UTC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>Artykuł</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Szablon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tries</source>
        <translation>Próby</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reprint of</source>
        <translation>Ponowny wydruk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no item</source>
        <translation>brak artykułu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label {job} ({template}) for {item}</source>
        <translation>Etykieta {job} ({template}) dla {item}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reprint of label {job}</source>
        <translation>Ponowny wydruk etykiety {job}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Marked {mark}: an earlier send may have printed it too</source>
        <translation>Oznaczono {mark}: mogła zostać wydrukowana już wcześniej</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printer: {printer}</source>
        <translation>Drukarka: {printer}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent by bench {station}</source>
        <translation>Wysłano ze stanowiska {station}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last problem: {error}</source>
        <translation>Ostatni problem: {error}</translation>
    </message>
</context>
<context>
    <name>LabelHistoryPanel</name>
    <message>
        <location line="-90"/>
        <source>All</source>
        <translation>Wszystkie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Nieudane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued</source>
        <translation>W kolejce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>Wydrukowane</translation>
    </message>
    <message>
        <location line="+140"/>
        <source>Item code, RMA or template</source>
        <translation>Kod artykułu, RMA lub szablon</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Print again</source>
        <translation>Drukuj ponownie</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retry failed</source>
        <translation>Ponów nieudane</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Show</source>
        <translation>Pokaż</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Could not read the label history: {error}</source>
        <translation>Nie udało się odczytać historii etykiet: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(the newest; search to find older ones)</source>
        <translation>(najnowsze; starsze znajdziesz przez wyszukiwanie)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n FAILED</source>
        <translation>
            <numerusform>%n BŁĄD</numerusform>
            <numerusform>%n BŁĘDY</numerusform>
            <numerusform>%n BŁĘDÓW</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n etykieta</numerusform>
            <numerusform>%n etykiety</numerusform>
            <numerusform>%n etykiet</numerusform>
        </translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Select the labels to print again first.</source>
        <translation>Najpierw zaznacz etykiety do ponownego wydruku.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Printing %n label(s) again…</source>
        <translation>
            <numerusform>Ponowny wydruk %n etykiety…</numerusform>
            <numerusform>Ponowny wydruk %n etykiet…</numerusform>
            <numerusform>Ponowny wydruk %n etykiet…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sending the failed labels again…</source>
        <translation>Ponowne wysyłanie nieudanych etykiet…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still sending the last labels…</source>
        <translation>Wciąż trwa wysyłanie poprzednich etykiet…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Printed again: {items}.</source>
        <translation>Wydrukowano ponownie: {items}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No failed labels at this bench to send again.</source>
        <translation>Na tym stanowisku nie ma nieudanych etykiet do ponownego wysłania.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n failed label(s) printed now.</source>
        <translation>
            <numerusform>Wydrukowano teraz %n nieudaną etykietę.</numerusform>
            <numerusform>Wydrukowano teraz %n nieudane etykiety.</numerusform>
            <numerusform>Wydrukowano teraz %n nieudanych etykiet.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Labels could not be sent: {error}</source>
        <translation>Nie udało się wysłać etykiet: {error}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Label for {item} NOT printed: {error}. It is retried automatically, or press Retry failed.</source>
        <translation>Etykieta dla {item} NIE została wydrukowana: {error}. Nastąpi automatyczna ponowna próba; można też nacisnąć „Ponów nieudane”.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n more wait for the printer.</source>
        <translation>
            <numerusform>Jeszcze %n czeka na drukarkę.</numerusform>
            <numerusform>Jeszcze %n czekają na drukarkę.</numerusform>
            <numerusform>Jeszcze %n czeka na drukarkę.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LevelStyle</name>
    <message>
        <location filename="../ui/theme.py" line="+55"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOTE</source>
        <translation>UWAGA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CHECK</source>
        <translation>SPRAWDŹ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>STOP</source>
        <translation>STOP</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>READY</source>
        <translation>GOTOWE</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <location filename="../ui/login_panel.py" line="+32"/>
        <source>Nobody can sign in yet: add a person on this PC with
returnstation users add NAME --badge B --role inspector</source>
        <translation>Nikt nie może się jeszcze zalogować: dodaj osobę na tym komputerze poleceniem
returnstation users add NAME --badge B --role inspector</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan your badge (or type its code and press Enter), then type your PIN and press Enter.</source>
        <translation>Zeskanuj identyfikator (albo wpisz jego kod i naciśnij Enter), potem wpisz PIN i naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>clerk</source>
        <translation>magazynier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inspector</source>
        <translation>kontroler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>kierownik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sign in</source>
        <translation>Zaloguj</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Badge</source>
        <translation>Identyfikator</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Scan your badge first.</source>
        <translation>Najpierw zeskanuj identyfikator.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type your PIN, then press Enter.</source>
        <translation>Wpisz PIN, potem naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checking…</source>
        <translation>Sprawdzanie…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Badge {badge}: type your PIN and press Enter.</source>
        <translation>Identyfikator {badge}: wpisz PIN i naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign in first: {code} is not a badge. Scan your badge, then type your PIN.</source>
        <translation>Najpierw się zaloguj: {code} to nie identyfikator. Zeskanuj identyfikator, potem wpisz PIN.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Signed in: {name} ({role}).</source>
        <translation>Zalogowano: {name} ({role}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sign-in failed: {error}. Try again, or tell a supervisor.</source>
        <translation>Logowanie nieudane: {error}. Spróbuj ponownie albo powiadom kierownika zmiany.</translation>
    </message>
</context>
<context>
    <name>LotFlow</name>
    <message>
        <location filename="../ui/lot_flow.py" line="+88"/>
        <source>Lot inspection is not offered at this bench.</source>
        <translation>Kontrola partii nie jest dostępna na tym stanowisku.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open one unit of the lot first (scan it), then press {key}.</source>
        <translation>Najpierw otwórz jedną sztukę partii (zeskanuj ją), potem naciśnij {key}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The item was closed meanwhile: press {key} again.</source>
        <translation>Artykuł został w międzyczasie zamknięty: naciśnij ponownie {key}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{lot}: {units} units of {sku}. Inspect {samples} of them; any failed sample sends the lot to single inspection. Sample 1: answer the checklist, then Enter.</source>
        <translation>{lot}: {units} szt. {sku}. Sprawdź {samples} z nich; każda nieudana próbka kieruje partię do kontroli pojedynczej. Próbka 1: odpowiedz na listę kontrolną, potem Enter.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Lot {lot}: {units} x {sku}  ·  sample {number} of {of}  ·  Esc stops the lot</source>
        <translation>Partia {lot}: {units} x {sku}  ·  próbka {number} z {of}  ·  Esc – przerwij partię</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Lot {lot}: answer sample {number} of {of} first (Esc stops the lot).</source>
        <translation>Partia {lot}: najpierw dokończ próbkę {number} z {of} (Esc – przerwij partię).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Take the photo for {checks} of this sample first.</source>
        <translation>Najpierw zrób zdjęcie do {checks} dla tej próbki.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sample passed. Sample {number} of {of}: take another unit and answer its checklist.</source>
        <translation>Próbka zaliczona. Próbka {number} z {of}: weź kolejną sztukę i odpowiedz na jej listę kontrolną.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{lot}: {units} units {word}: put the tote in {destination}. One tote label.</source>
        <translation>{lot}: {units} szt. {word}: odłóż pojemnik do {destination}. Jedna etykieta pojemnika.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} unit(s) left for single inspection: {items}.</source>
        <translation>Pozostałe do kontroli pojedynczej ({count} szt.): {items}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sample failed ({detail}): lot {lot} goes to single inspection. Enter decides this unit on its own; the other units wait in the queue.</source>
        <translation>Próbka niezaliczona ({detail}): partia {lot} trafia do kontroli pojedynczej. Enter rozstrzyga tylko o tej sztuce; pozostałe czekają w kolejce.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="+83"/>
        <source>(in memory)</source>
        <translation>(w pamięci)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Bench {station}</source>
        <translation>Stanowisko {station}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SCAN</source>
        <translation>SKAN</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Camera   F6</source>
        <translation>Kamera   F6</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Station: {station}</source>
        <translation>Stanowisko: {station}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer: {printer}</source>
        <translation>Drukarka: {printer}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign out   F12</source>
        <translation>Wyloguj   F12</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+83"/>
        <source>Labels: OK</source>
        <translation>Etykiety: OK</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Database: {database}</source>
        <translation>Baza: {database}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Database: NOT REACHABLE, %n scan(s) kept, retrying</source>
        <translation>
            <numerusform>Baza danych: NIEOSIĄGALNA, zachowano %n skan, ponawiam</numerusform>
            <numerusform>Baza danych: NIEOSIĄGALNA, zachowano %n skany, ponawiam</numerusform>
            <numerusform>Baza danych: NIEOSIĄGALNA, zachowano %n skanów, ponawiam</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database: NOT REACHABLE, retrying</source>
        <translation>Baza danych: NIEOSIĄGALNA, ponawiam</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>Labels: %n waiting for the printer</source>
        <translation>
            <numerusform>Etykiety: %n czeka na drukarkę</numerusform>
            <numerusform>Etykiety: %n czekają na drukarkę</numerusform>
            <numerusform>Etykiety: %n czeka na drukarkę</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Show or hide the camera scanner (F6)</source>
        <translation>Pokaż lub ukryj skaner z kamery (F6)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>the database is still not reachable</source>
        <translation>baza danych nadal jest nieosiągalna</translation>
    </message>
    <message numerus="yes">
        <location line="+68"/>
        <source>The database is back: %n kept scan(s) entered. Carry on.</source>
        <translation>
            <numerusform>Baza danych znów działa: wprowadzono %n zachowany skan. Pracuj dalej.</numerusform>
            <numerusform>Baza danych znów działa: wprowadzono %n zachowane skany. Pracuj dalej.</numerusform>
            <numerusform>Baza danych znów działa: wprowadzono %n zachowanych skanów. Pracuj dalej.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>The database is busy: waiting for it to answer. %n more scan(s) held, entered in order when it does. Keep scanning.</source>
        <translation>
            <numerusform>Baza danych jest zajęta: czekam na odpowiedź. Wstrzymano jeszcze %n skan, zostanie wprowadzony po kolei, gdy odpowie. Skanuj dalej.</numerusform>
            <numerusform>Baza danych jest zajęta: czekam na odpowiedź. Wstrzymano jeszcze %n skany, zostaną wprowadzone po kolei, gdy odpowie. Skanuj dalej.</numerusform>
            <numerusform>Baza danych jest zajęta: czekam na odpowiedź. Wstrzymano jeszcze %n skanów, zostaną wprowadzone po kolei, gdy odpowie. Skanuj dalej.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database is busy: waiting for it to answer. Keep scanning.</source>
        <translation>Baza danych jest zajęta: czekam na odpowiedź. Skanuj dalej.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database: BUSY, waiting</source>
        <translation>Baza danych: ZAJĘTA, czekam</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{reason}. Nothing was saved and nothing is lost: what is on screen stays; press the key again when it is back.</source>
        <translation>{reason}. Nic nie zapisano i nic nie przepadło: to, co na ekranie, zostaje; naciśnij klawisz ponownie, gdy baza wróci.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Something went wrong: {error}. Tell a supervisor.</source>
        <translation>Coś poszło nie tak: {error}. Powiadom kierownika zmiany.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The database is still not reachable. %n scan(s) kept: they are entered by themselves when it is back, nothing is counted twice. Keep the items in order.</source>
        <translation>
            <numerusform>Baza danych nadal jest nieosiągalna. Zachowano %n skan: zostanie wprowadzony sam, gdy baza wróci, nic nie zostanie policzone dwa razy. Zachowaj kolejność artykułów.</numerusform>
            <numerusform>Baza danych nadal jest nieosiągalna. Zachowano %n skany: zostaną wprowadzone same, gdy baza wróci, nic nie zostanie policzone dwa razy. Zachowaj kolejność artykułów.</numerusform>
            <numerusform>Baza danych nadal jest nieosiągalna. Zachowano %n skanów: zostaną wprowadzone same, gdy baza wróci, nic nie zostanie policzone dwa razy. Zachowaj kolejność artykułów.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The database is not reachable ({reason}). %n scan(s) kept: they are entered by themselves when it is back, nothing is counted twice. Keep the items in order.</source>
        <translation>
            <numerusform>Baza danych jest nieosiągalna ({reason}). Zachowano %n skan: zostanie wprowadzony sam, gdy baza wróci, nic nie zostanie policzone dwa razy. Zachowaj kolejność artykułów.</numerusform>
            <numerusform>Baza danych jest nieosiągalna ({reason}). Zachowano %n skany: zostaną wprowadzone same, gdy baza wróci, nic nie zostanie policzone dwa razy. Zachowaj kolejność artykułów.</numerusform>
            <numerusform>Baza danych jest nieosiągalna ({reason}). Zachowano %n skanów: zostaną wprowadzone same, gdy baza wróci, nic nie zostanie policzone dwa razy. Zachowaj kolejność artykułów.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Locked after {idle} without a key or a scan. Work in progress is kept.</source>
        <translation>Zablokowano (bezczynność: {idle}). Rozpoczęta praca zostaje zachowana.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed out. Work in progress is kept for whoever signs in next.</source>
        <translation>Wylogowano. Rozpoczęta praca czeka na osobę, która zaloguje się następna.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Signed in: {name} ({role}).</source>
        <translation>Zalogowano: {name} ({role}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>User: {name} ({role})</source>
        <translation>Osoba: {name} ({role})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nobody signed in</source>
        <translation>Nikt nie jest zalogowany</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n minutes</source>
        <translation>
            <numerusform>%n minuta</numerusform>
            <numerusform>%n minuty</numerusform>
            <numerusform>%n minut</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{seconds} seconds</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not refresh the {tab} tab: {error}</source>
        <translation>Nie udało się odświeżyć karty {tab}: {error}</translation>
    </message>
</context>
<context>
    <name>OpeningWindow</name>
    <message>
        <location filename="../ui/opening_window.py" line="+67"/>
        <source>Bench {station}</source>
        <translation>Stanowisko {station}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SCAN</source>
        <translation>SKAN</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Database: opening...</source>
        <translation>Baza danych: otwieranie...</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Opening the database... Scan as usual: scans are kept and entered when it is open.</source>
        <translation>Otwieranie bazy danych... Skanuj jak zwykle: skany zostaną zachowane i wprowadzone, gdy baza będzie otwarta.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Opening the database... %n scan(s) kept: entered in order when it is open. Keep scanning.</source>
        <translation>
            <numerusform>Otwieranie bazy danych... Zachowano %n skan: zostanie wprowadzony, gdy baza będzie otwarta. Skanuj dalej.</numerusform>
            <numerusform>Otwieranie bazy danych... Zachowano %n skany: zostaną wprowadzone po kolei, gdy baza będzie otwarta. Skanuj dalej.</numerusform>
            <numerusform>Otwieranie bazy danych... Zachowano %n skanów: zostaną wprowadzone po kolei, gdy baza będzie otwarta. Skanuj dalej.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../ui/override_dialog.py" line="+51"/>
        <source>Override the disposition</source>
        <translation>Zmiana decyzji</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The rules say:  &lt;b&gt;{disposition} → {destination}&lt;/b&gt;&lt;br&gt;Rule {rule}: {reason}</source>
        <translation>Według reguł:  &lt;b&gt;{disposition} → {destination}&lt;/b&gt;&lt;br&gt;Reguła {rule}: {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Send it somewhere else only with a reason and a supervisor&apos;s approval.</source>
        <translation>Kieruj gdzie indziej tylko z powodem i za zgodą kierownika zmiany.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose where it goes…</source>
        <translation>Wybierz, dokąd trafia…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the reason…</source>
        <translation>Wybierz powód…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan or type the supervisor&apos;s badge (or name)</source>
        <translation>Zeskanuj lub wpisz identyfikator (albo nazwisko) kierownika zmiany</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>PIN kierownika zmiany</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New disposition</source>
        <translation>Nowa decyzja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>Kierownik zmiany</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Approve override  (Enter in PIN)</source>
        <translation>Zatwierdź zmianę  (Enter w polu PIN)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel  (Esc)</source>
        <translation>Anuluj  (Esc)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>the new disposition</source>
        <translation>nowa decyzja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reason</source>
        <translation>powód</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the supervisor&apos;s badge</source>
        <translation>identyfikator kierownika zmiany</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Still needed: {fields}.</source>
        <translation>Jeszcze potrzebne: {fields}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checking the PIN…</source>
        <translation>Sprawdzanie PIN-u…</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <location filename="../ui/photo_strip.py" line="+72"/>
        <source>item</source>
        <translation>artykuł</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{path}
{time} UTC, {station}, {user}
{size} bytes, SHA-256 {sha256}…</source>
        <translation>{path}
{time} UTC, {station}, {user}
{size} B, SHA-256 {sha256}…</translation>
    </message>
</context>
<context>
    <name>QuarantineQueue</name>
    <message>
        <location filename="../ui/quarantine_queue.py" line="+29"/>
        <source>Item</source>
        <translation>Artykuł</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Czeka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>Klasa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos</source>
        <translation>Zdjęcia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>Reguła</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Quarantine: %n item(s) waiting for a final disposition</source>
        <translation>
            <numerusform>Kwarantanna: %n artykuł czeka na ostateczną decyzję</numerusform>
            <numerusform>Kwarantanna: %n artykuły czekają na ostateczną decyzję</numerusform>
            <numerusform>Kwarantanna: %n artykułów czeka na ostateczną decyzję</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{item} {sku} ({rma}), grade {grade}, {photos} photo(s). Rule {rule}: {why} [{answers}]</source>
        <translation>{item} {sku} ({rma}), klasa {grade}, zdjęcia: {photos}. Reguła {rule}: {why} [{answers}]</translation>
    </message>
</context>
<context>
    <name>ReceivePage</name>
    <message>
        <location filename="../ui/receive_page.py" line="+49"/>
        <source>Next: scan the parcel label (RMA number, tracking number or order number).</source>
        <translation>Dalej: zeskanuj etykietę paczki (numer RMA, przesyłki lub zamówienia).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next: scan each item. When the box is empty, scan DONE or press Finish parcel.</source>
        <translation>Dalej: zeskanuj każdy artykuł. Gdy karton jest pusty, zeskanuj DONE lub naciśnij „Zamknij paczkę”.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receipt saved. Next: scan the next parcel label.</source>
        <translation>Przyjęcie zapisane. Dalej: zeskanuj etykietę następnej paczki.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All expected items are here. Next: scan DONE or press Finish parcel.</source>
        <translation>Są wszystkie oczekiwane artykuły. Dalej: zeskanuj DONE lub naciśnij „Zamknij paczkę”.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next: press the number of the RMA in this box, or scan its RMA label.</source>
        <translation>Dalej: naciśnij numer RMA z tego kartonu albo zeskanuj jego etykietę RMA.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next: press Enter to add {rma} to this box, or scan on to put the item on HOLD.</source>
        <translation>Dalej: naciśnij Enter, aby dodać {rma} do tego kartonu, albo skanuj dalej, aby odłożyć artykuł DO WYJAŚNIENIA.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next: type how many identical units are in hand and press Enter.</source>
        <translation>Dalej: wpisz, ile identycznych sztuk masz w ręku, i naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next: take a photo of the damaged box (F7 or CMD:PHOTO).</source>
        <translation>Dalej: zrób zdjęcie uszkodzonego kartonu (F7 lub CMD:PHOTO).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{key}   {rma}   {customer}   order {order}   authorised {date}   {received} of {expected}</source>
        <translation>{key}   {rma}   {customer}   zamówienie {order}   autoryzowano {date}   {received} z {expected}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(serial)</source>
        <translation>(nr seryjny)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✔ Complete</source>
        <translation>✔ Komplet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for {count}</source>
        <translation>Oczekiwane jeszcze: {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Receive</source>
        <translation>Przyjęcie</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+281"/>
        <source>No parcel open</source>
        <translation>Brak otwartej paczki</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Opis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected</source>
        <translation>Oczekiwane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>Przyjęte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Finish parcel  (scan DONE)</source>
        <translation>Zamknij paczkę  (zeskanuj DONE)</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Nothing to cancel. Scan a parcel label.</source>
        <translation>Nie ma czego anulować. Zeskanuj etykietę paczki.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{rma} stays open: scan its label again to carry on with it.</source>
        <translation>{rma} pozostaje otwarte: zeskanuj ponownie jego etykietę, aby kontynuować.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finish this parcel first: scan DONE.</source>
        <translation>Najpierw zamknij tę paczkę: zeskanuj DONE.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan the next parcel label.</source>
        <translation>Zeskanuj etykietę następnej paczki.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That command is for the Inspect tab.</source>
        <translation>To polecenie jest dla karty Kontrola.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No parcel is open. Scan a parcel label first.</source>
        <translation>Żadna paczka nie jest otwarta. Najpierw zeskanuj etykietę paczki.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Scan DAMAGED first: the photo is for a box damaged in transit.</source>
        <translation>Najpierw zeskanuj DAMAGED: zdjęcie dotyczy kartonu uszkodzonego w transporcie.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No photo: this window has no camera panel.</source>
        <translation>Brak zdjęcia: to okno nie ma panelu kamery.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the camera is off</source>
        <translation>kamera jest wyłączona</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No photo taken: {error}</source>
        <translation>Nie zrobiono zdjęcia: {error}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{rma} was left open at this bench ({started}, {received} of {expected} received): carry on scanning its items, or scan CANCEL.</source>
        <translation>{rma} zostało otwarte na tym stanowisku ({started}, przyjęto {received} z {expected}): skanuj dalej jego artykuły albo zeskanuj CANCEL.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>The expected items appear here after the parcel scan.</source>
        <translation>Oczekiwane artykuły pojawią się tu po zeskanowaniu paczki.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Parcel {n} of {rma}</source>
        <translation>Paczka {n} do {rma}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On the hold shelf: a supervisor decides (Supervisor tab, Alt+H).</source>
        <translation>Na półce wyjaśnień: decyduje kierownik zmiany (karta Kierownik, Alt+H).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⏸ ON HOLD</source>
        <translation>⏸ DO WYJAŚNIENIA</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order {number}</source>
        <translation>Zamówienie {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer {name}</source>
        <translation>Klient {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>RMA valid until {date}</source>
        <translation>RMA ważne do {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>RMA does not expire</source>
        <translation>RMA bezterminowe</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n item(s) on HOLD</source>
        <translation>
            <numerusform>%n artykuł DO WYJAŚNIENIA</numerusform>
            <numerusform>%n artykuły DO WYJAŚNIENIA</numerusform>
            <numerusform>%n artykułów DO WYJAŚNIENIA</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>{received} of %n item(s) received</source>
        <translation>
            <numerusform>Przyjęto {received} z %n artykułu</numerusform>
            <numerusform>Przyjęto {received} z %n artykułów</numerusform>
            <numerusform>Przyjęto {received} z %n artykułów</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DAMAGED IN TRANSIT</source>
        <translation>USZKODZONA W TRANSPORCIE</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>OPEN</source>
        <translation>OTWARTA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ RECEIVED</source>
        <translation>✔ PRZYJĘTA</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Hold shelf: %n parcel(s)</source>
        <translation>
            <numerusform>Półka wyjaśnień: %n paczka</numerusform>
            <numerusform>Półka wyjaśnień: %n paczki</numerusform>
            <numerusform>Półka wyjaśnień: %n paczek</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../ui/result_panel.py" line="+73"/>
        <source>Print again  (scan CMD:PRINT-AGAIN)</source>
        <translation>Drukuj ponownie  (zeskanuj CMD:PRINT-AGAIN)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Next: scan the next item, or pick it from the list.</source>
        <translation>Dalej: zeskanuj następny artykuł albo wybierz go z listy.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Put it in  {destination}</source>
        <translation>Odłóż do  {destination}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The rules said {disposition} → {destination}</source>
        <translation>Reguły wskazały {disposition} → {destination}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>OVERRIDDEN by {approver}: {reason}</source>
        <translation>ZMIENIONO (zatwierdza {approver}): {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>  ·  channel {channel}</source>
        <translation>  ·  kanał {channel}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{grades}{channel}  ·  rule {rule}  ·  rules {version}</source>
        <translation>{grades}{channel}  ·  reguła {rule}  ·  reguły {version}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Printing the routing label…</source>
        <translation>Drukowanie etykiety kierunkowej…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No label for this item.</source>
        <translation>Brak etykiety dla tego artykułu.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Category</source>
        <translation>Kategoria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>Klasa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return reason</source>
        <translation>Powód zwrotu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days since purchase</source>
        <translation>Dni od zakupu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit value</source>
        <translation>Wartość jednostkowa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hazardous</source>
        <translation>Towar niebezpieczny</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warranty valid</source>
        <translation>Gwarancja ważna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days left to expiry</source>
        <translation>Dni do końca ważności</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lot number recorded</source>
        <translation>Numer partii zapisany</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Market</source>
        <translation>Rynek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No fault found</source>
        <translation>Nie stwierdzono usterki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test performed</source>
        <translation>Test wykonany</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>under {value}</source>
        <translation>poniżej {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most {value}</source>
        <translation>najwyżej {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>over {value}</source>
        <translation>powyżej {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at least {value}</source>
        <translation>co najmniej {value}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not recorded</source>
        <translation>nie odnotowano</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{some} or {last}</source>
        <translation>{some} lub {last}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>anything but {values}</source>
        <translation>cokolwiek oprócz {values}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Almost: {reason} — needs {subject}: {needed}; now {now}.</source>
        <translation>Prawie: {reason} — wymaga {subject}: {needed}; teraz {now}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> and </source>
        <translation> i </translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>… %n more rule(s) almost applied</source>
        <translation>
            <numerusform>… jeszcze %n reguła prawie pasowała</numerusform>
            <numerusform>… jeszcze %n reguły prawie pasowały</numerusform>
            <numerusform>… jeszcze %n reguł prawie pasowało</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Grade {grade}</source>
        <translation>Klasa {grade}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>packaging {packaging}</source>
        <translation>opakowanie {packaging}</translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <location filename="../ui/scan_field.py" line="+45"/>
        <source>Scan here</source>
        <translation>Skanuj tutaj</translation>
    </message>
</context>
<context>
    <name>SerialBridge</name>
    <message>
        <location filename="../ui/serial_bridge.py" line="+22"/>
        <source>connecting</source>
        <translation>łączenie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected</source>
        <translation>połączony</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retrying</source>
        <translation>ponawianie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>zatrzymany</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Scanner: keyboard</source>
        <translation>Skaner: klawiatura</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scanner: serial {port} ({status})</source>
        <translation>Skaner: port szeregowy {port} ({status})</translation>
    </message>
</context>
<context>
    <name>StartupProblem</name>
    <message>
        <location filename="../ui/app.py" line="+53"/>
        <source>Settings file is broken</source>
        <translation>Plik ustawień jest uszkodzony</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The station settings could not be read:

{error}

Fix or remove {file} and start again.</source>
        <translation>Nie udało się odczytać ustawień stanowiska:

{error}

Popraw lub usuń {file} i uruchom ponownie.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Rules or checklist file is broken</source>
        <translation>Plik reguł lub listy kontrolnej jest uszkodzony</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}

The station cannot grade items until the file is fixed. Ask a supervisor, or check it with:  returnstation rules-check &lt;file&gt;</source>
        <translation>{error}

Stanowisko nie może klasyfikować artykułów, dopóki plik nie zostanie poprawiony. Zapytaj kierownika zmiany lub sprawdź plik poleceniem:  returnstation rules-check &lt;plik&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Database cannot be opened</source>
        <translation>Nie można otworzyć bazy danych</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database at {database} could not be opened or updated:

{error}

Check the network or disk, or ask IT. Nothing was changed.</source>
        <translation>Nie udało się otworzyć ani zaktualizować bazy danych {database}:

{error}

Sprawdź sieć lub dysk albo zapytaj dział IT. Nic nie zostało zmienione.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write the station&apos;s files</source>
        <translation>Nie można zapisać plików stanowiska</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}: {path}

Check that the disk is not full and that the folder may be written.</source>
        <translation>{error}: {path}

Sprawdź, czy dysk nie jest pełny i czy do folderu można zapisywać.</translation>
    </message>
    <message>
        <location line="+103"/>
        <location line="+41"/>
        <source>ReturnStation: {title}</source>
        <translation>ReturnStation: {title}</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>{error}

Please tell IT or a supervisor.</source>
        <translation>{error}

Powiadom dział IT lub kierownika zmiany.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scanned while the station was opening, not entered (scan them again later): {codes}</source>
        <translation>Zeskanowane podczas uruchamiania stanowiska, nie wprowadzone (zeskanuj je później ponownie): {codes}</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>ReturnStation cannot start</source>
        <translation>Nie można uruchomić ReturnStation</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <location filename="../ui/page.py" line="+29"/>
        <source>Something went wrong: {error}. Tell a supervisor.</source>
        <translation>Coś poszło nie tak: {error}. Powiadom kierownika zmiany.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Still saving the last step: click again when the banner has answered.</source>
        <translation>Trwa zapisywanie poprzedniego kroku: kliknij ponownie, gdy pasek komunikatów odpowie.</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../ui/supervisor_page.py" line="+76"/>
        <source>Supervisor</source>
        <translation>Kierownik</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Disposition summary (PDF)   {key}</source>
        <translation>Podsumowanie decyzji (PDF)   {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export CSV   {key}</source>
        <translation>Eksport CSV   {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import RMAs (CSV)…   {key}</source>
        <translation>Import RMA (CSV)…   {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return-to-vendor lists (PDF)   {key}</source>
        <translation>Zwroty do dostawców (PDF)   {key}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reports are saved in {folder}</source>
        <translation>Raporty są zapisywane w {folder}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open folder</source>
        <translation>Otwórz folder</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Reports</source>
        <translation>Raporty</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From</source>
        <translation>Od</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To</source>
        <translation>Do</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>RMAs come from the order system&apos;s CSV export (all or nothing per file).</source>
        <translation>RMA pochodzą z eksportu CSV systemu zamówień (cały plik albo nic).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>RMA import</source>
        <translation>Import RMA</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+54"/>
        <source>Hold shelf</source>
        <translation>Półka wyjaśnień</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>no RMA</source>
        <translation>brak RMA</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hold #</source>
        <translation>Sprawa nr</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code scanned</source>
        <translation>Zeskanowany kod</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Overview</source>
        <translation>Przegląd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labels</source>
        <translation>Etykiety</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Quarantine</source>
        <translation>Kwarantanna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concerns</source>
        <translation>Podejrzenia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discrepancies</source>
        <translation>Różnice</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>This scan is not used on this tab: switch to Receive (F1) or Inspect (F2). An item code (RSI-…) shows that item&apos;s labels here.</source>
        <translation>Ten skan nie jest używany na tej karcie: przejdź do Przyjęcia (F1) lub Kontroli (F2). Kod artykułu (RSI-…) pokazuje tu jego etykiety.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Labels of {item}: the newest is selected; press Print again to reprint it.</source>
        <translation>Etykiety {item}: zaznaczona jest najnowsza; naciśnij „Drukuj ponownie”, aby wydrukować ją jeszcze raz.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reports and labels are here. The hold shelf, quarantine, concerns and discrepancies are for supervisors: sign in as one to work them.</source>
        <translation>Tu są raporty i etykiety. Półkę wyjaśnień, kwarantannę, podejrzenia i różnice obsługuje kierownik zmiany: zaloguj się jako kierownik.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reports, RMA import, every label under Labels (scan an item code); Alt+H: the hold shelf, Alt+Q: quarantine, Alt+N: concerns, Alt+D: discrepancies.</source>
        <translation>Raporty, import RMA, wszystkie etykiety w zakładce Etykiety (zeskanuj kod artykułu); Alt+H: półka wyjaśnień, Alt+Q: kwarantanna, Alt+N: podejrzenia, Alt+D: różnice.</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Hold shelf: %n waiting for a decision (Alt+H)</source>
        <translation>
            <numerusform>Półka wyjaśnień: %n czeka na decyzję (Alt+H)</numerusform>
            <numerusform>Półka wyjaśnień: %n czekają na decyzję (Alt+H)</numerusform>
            <numerusform>Półka wyjaśnień: %n czeka na decyzję (Alt+H)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The period starts ({start}) after it ends ({end}). Fix the dates.</source>
        <translation>Okres zaczyna się ({start}) po swoim końcu ({end}). Popraw daty.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Writing the disposition summary…</source>
        <translation>Tworzenie podsumowania decyzji…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Exporting the records…</source>
        <translation>Eksportowanie rekordów…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Making the return-to-vendor lists…</source>
        <translation>Tworzenie list zwrotów do dostawców…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Return-to-vendor lists saved in the reports folder: {lists}</source>
        <translation>Listy zwrotów do dostawców zapisane w folderze raportów: {lists}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved: {path}</source>
        <translation>Zapisano: {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {name} in the reports folder.</source>
        <translation>Zapisano {name} w folderze raportów.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not saved: {error}</source>
        <translation>Nie zapisano: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The report could not be written: {error}</source>
        <translation>Nie udało się utworzyć raportu: {error}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import RMAs</source>
        <translation>Importuj RMA</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Pliki CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Importing {name}…</source>
        <translation>Importowanie {name}…</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Nothing was imported from {source}: %n problem(s). Fix the file and import it again.</source>
        <translation>
            <numerusform>Z {source} nic nie zaimportowano: %n błąd. Popraw plik i zaimportuj go ponownie.</numerusform>
            <numerusform>Z {source} nic nie zaimportowano: %n błędy. Popraw plik i zaimportuj go ponownie.</numerusform>
            <numerusform>Z {source} nic nie zaimportowano: %n błędów. Popraw plik i zaimportuj go ponownie.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>RMA import refused</source>
        <translation>Import RMA odrzucony</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import failed: {error}</source>
        <translation>Import nieudany: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The import failed: {error}</source>
        <translation>Import się nie powiódł: {error}</translation>
    </message>
</context>
<context>
    <name>_CheckRow</name>
    <message>
        <location filename="../ui/checklist_view.py" line="+145"/>
        <source>photo taken ({count})</source>
        <translation>zdjęcie zrobione ({count})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PHOTO NEEDED</source>
        <translation>WYMAGANE ZDJĘCIE</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Photo taken ({count}).  {key} takes another.</source>
        <translation>Zdjęcie zrobione ({count}).  {key} robi kolejne.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take a photo: press {key} or scan CMD:PHOTO.</source>
        <translation>Zrób zdjęcie: naciśnij {key} lub zeskanuj CMD:PHOTO.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scan it, or type it in the SCAN field at the top, then press Enter.</source>
        <translation>Zeskanuj albo wpisz w polu SKAN na górze, potem naciśnij Enter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not on the item? Press Enter twice with the field empty.</source>
        <translation>Brak na artykule? Naciśnij dwa razy Enter przy pustym polu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not on the item</source>
        <translation>Brak na artykule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded:  {value}</source>
        <translation>Zapisano:  {value}</translation>
    </message>
</context>
</TS>
