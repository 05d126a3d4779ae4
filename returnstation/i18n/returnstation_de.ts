<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../ui/wedge_filter.py" line="+391"/>
        <source>The scanner&apos;s keyboard layout does not match this PC&apos;s: set the scanner to {layout} or switch to serial mode</source>
        <translation>Das Tastaturlayout des Scanners passt nicht zu diesem PC: Scanner auf {layout} einstellen oder auf seriellen Modus umstellen</translation>
    </message>
</context>
<context>
    <name>CameraDock</name>
    <message>
        <location filename="../ui/camera_dock.py" line="+57"/>
        <source>Demo camera ({name})</source>
        <translation>Demo-Kamera ({name})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Demo video ({name})</source>
        <translation>Demo-Video ({name})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Camera: off</source>
        <translation>Kamera: aus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: starting ({device})</source>
        <translation>Kamera: startet ({device})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: on ({device})</source>
        <translation>Kamera: an ({device})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: disconnected, retrying</source>
        <translation>Kamera: getrennt, neuer Versuch läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera: not found, retrying</source>
        <translation>Kamera: nicht gefunden, neuer Versuch läuft</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Camera setting {setting} cannot be used: {error}</source>
        <translation>Kameraeinstellung {setting} ist nicht verwendbar: {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera: not found</source>
        <translation>Kamera: nicht gefunden</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../ui/camera_view.py" line="+83"/>
        <source>Camera off</source>
        <translation>Kamera aus</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <location filename="../ui/checklist_view.py" line="+39"/>
        <source>not on the item</source>
        <translation>nicht auf dem Artikel</translation>
    </message>
</context>
<context>
    <name>ConcernDesk</name>
    <message>
        <location filename="../ui/concern_desk.py" line="+23"/>
        <source>Concern</source>
        <translation>Verdacht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raised</source>
        <translation>Gemeldet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear (unfounded)</source>
        <translation>Entkräften (unbegründet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Concerns: %n open</source>
        <translation>
            <numerusform>Verdachtsfälle: %n offen</numerusform>
            <numerusform>Verdachtsfälle: %n offen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Concern #{id} on {what}: {reason}. {note}</source>
        <translation>Verdacht #{id} zu {what}: {reason}. {note}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Concern #{id} cleared: {finding}</source>
        <translation>Verdacht #{id} entkräftet: {finding}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Concern #{id} confirmed: {finding}</source>
        <translation>Verdacht #{id} bestätigt: {finding}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Concern #{id} {status}: {finding}</source>
        <translation>Verdacht #{id} {status}: {finding}</translation>
    </message>
</context>
<context>
    <name>ConcernDialog</name>
    <message>
        <location filename="../ui/concern_flag.py" line="+68"/>
        <source>Raise a concern</source>
        <translation>Verdacht melden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What you saw (optional), then Enter</source>
        <translation>Was Sie gesehen haben (optional), dann Enter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why do you suspect fraud or abuse? A supervisor decides.</source>
        <translation>Warum besteht Verdacht auf Betrug oder Missbrauch? Die Schichtleitung entscheidet.</translation>
    </message>
</context>
<context>
    <name>ConcernFlag</name>
    <message>
        <location line="+49"/>
        <source>Open a parcel or an item first, then press Alt+C.</source>
        <translation>Zuerst ein Paket oder einen Artikel öffnen, dann Alt+C drücken.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Concern #{id} raised ({reason}): a supervisor decides; the credit waits.</source>
        <translation>Verdacht #{id} gemeldet ({reason}): die Schichtleitung entscheidet, die Gutschrift wartet.</translation>
    </message>
</context>
<context>
    <name>CustomerHistoryLabel</name>
    <message>
        <location line="-89"/>
        <source>Customer history not available: {error}</source>
        <translation>Kundenhistorie nicht verfügbar: {error}</translation>
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
        <translation>Offen seit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolved</source>
        <translation>Geklärt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write off</source>
        <translation>Ausbuchen</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Discrepancies: %n open, oldest first</source>
        <translation>
            <numerusform>Abweichungen: %n offen, älteste zuerst</numerusform>
            <numerusform>Abweichungen: %n offen, älteste zuerst</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discrepancy #{id}, open for {age}: {detail}</source>
        <translation>Abweichung #{id}, offen seit {age}: {detail}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discrepancy #{id} resolved.</source>
        <translation>Abweichung #{id} geklärt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discrepancy #{id} written off.</source>
        <translation>Abweichung #{id} ausgebucht.</translation>
    </message>
</context>
<context>
    <name>ExceptionDesk</name>
    <message>
        <location filename="../ui/exception_desk.py" line="+117"/>
        <source>Nothing here is {code}. Scan a label from the list.</source>
        <translation>Hier ist nichts mit {code}. Ein Etikett aus der Liste scannen.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nothing is waiting here.</source>
        <translation>Hier wartet nichts.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Scan a label from the list, or press Enter for the oldest.</source>
        <translation>Ein Etikett aus der Liste scannen oder Enter für den ältesten Eintrag.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{choice}: type the reason and press Enter (Esc starts over).</source>
        <translation>{choice}: Grund eingeben und Enter drücken (Esc: neu beginnen).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{choice}: “{reason}”. Press Enter to do it, Esc to start over.</source>
        <translation>{choice}: „{reason}“. Enter führt es aus, Esc beginnt neu.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Working…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
</context>
<context>
    <name>FeedbackBanner</name>
    <message>
        <location filename="../ui/feedback_banner.py" line="+41"/>
        <source>Ready. Scan a parcel label to start.</source>
        <translation>Bereit. Zum Start ein Paketetikett scannen.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../ui/first_run.py" line="+64"/>
        <source>SQLite file on this PC (one bench)</source>
        <translation>SQLite-Datei auf diesem PC (ein Arbeitsplatz)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PostgreSQL server (several benches share it)</source>
        <translation>PostgreSQL-Server (für mehrere Arbeitsplätze)</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Not a database address: {address}. Example: {example}</source>
        <translation>Keine Datenbankadresse: {address}. Beispiel: {example}</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Connected: {database}</source>
        <translation>Verbunden: {database}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test page {station}</source>
        <translation>Testseite {station}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printed by the ReturnStation setup</source>
        <translation>Gedruckt von der ReturnStation-Einrichtung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{printer} failed: {error}</source>
        <translation>{printer} fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>ReturnStation: set up this bench</source>
        <translation>ReturnStation: diesen Arbeitsplatz einrichten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Set up this bench</source>
        <translation>Diesen Arbeitsplatz einrichten</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Save and start</source>
        <translation>Speichern und starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start with the defaults; this setup comes back next time</source>
        <translation>Mit Standardwerten starten; diese Einrichtung erscheint beim nächsten Start wieder</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter never presses a button here (a scanner sends one): click, or Tab to it and press Space</source>
        <translation>Enter löst hier keine Schaltfläche aus (ein Scanner sendet es): klicken, oder mit Tab hingehen und Leertaste drücken</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>1. This bench</source>
        <translation>1. Dieser Arbeitsplatz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. bench-3</source>
        <translation>z. B. platz-3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Station name</source>
        <translation>Name des Arbeitsplatzes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shown in the title bar and kept with every record this bench makes.</source>
        <translation>Steht in der Titelleiste und wird mit jeder Buchung dieses Arbeitsplatzes gespeichert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>2. Database</source>
        <translation>2. Datenbank</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>3. Scanner</source>
        <translation>3. Scanner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan any barcode</source>
        <translation>Beliebigen Barcode scannen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Effective settings (read-only)</source>
        <translation>Wirksame Einstellungen (nur lesen)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>4. Camera (optional)</source>
        <translation>4. Kamera (optional)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>empty: none; 0: first camera; /dev/video2; a folder of images</source>
        <translation>leer: keine; 0: erste Kamera; /dev/video2; ein Bilderordner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test camera</source>
        <translation>Kamera testen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>5. Label printer</source>
        <translation>5. Etikettendrucker</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Print test page</source>
        <translation>Testseite drucken</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>pdf-folder: PDF files, for any office printer
zpl-folder: the ZPL a thermal printer would get
tcp://HOST:9100: a Zebra on the network
cups:QUEUE: a printer installed on this PC
Folder printers write to {folder}</source>
        <translation>pdf-folder: PDF-Dateien, für jeden Bürodrucker
zpl-folder: das ZPL, das ein Thermodrucker bekäme
tcp://HOST:9100: ein Zebra-Drucker im Netzwerk
cups:QUEUE: ein auf diesem PC installierter Drucker
Ordner-Drucker schreiben nach {folder}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="-263"/>
        <location line="+272"/>
        <source>Not connected: {error}</source>
        <translation>Nicht verbunden: {error}</translation>
    </message>
    <message>
        <location line="-208"/>
        <source>Try each part while you are at the bench. Everything can be changed later in {path} (environment variables RETURNSTATION_* and command-line options override it; see Effective settings).</source>
        <translation>Jeden Teil gleich hier am Arbeitsplatz ausprobieren. Alles lässt sich später in {path} ändern (Umgebungsvariablen RETURNSTATION_* und Befehlszeilenoptionen haben Vorrang; siehe Wirksame Einstellungen).</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>No scan yet: scan anywhere in this window.</source>
        <translation>Noch kein Scan: irgendwo in diesem Fenster scannen.</translation>
    </message>
    <message numerus="yes">
        <location line="+121"/>
        <source>Last scan: {text}  (%n characters)</source>
        <translation>
            <numerusform>Letzter Scan: {text}  (%n Zeichen)</numerusform>
            <numerusform>Letzter Scan: {text}  (%n Zeichen)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No camera: this step is skipped.</source>
        <translation>Keine Kamera: dieser Schritt entfällt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Test camera and hold a label in front of it.</source>
        <translation>„Kamera testen“ drücken und ein Etikett davor halten.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This camera setting cannot be used: {error}</source>
        <translation>Diese Kameraeinstellung ist nicht verwendbar: {error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hold a label in front of the camera…</source>
        <translation>Ein Etikett vor die Kamera halten…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Camera read: {text}</source>
        <translation>Kamera hat gelesen: {text}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>new bench</source>
        <translation>neuer Arbeitsplatz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printing a test label on {printer}…</source>
        <translation>Testetikett wird auf {printer} gedruckt…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Give the station a name.</source>
        <translation>Bitte dem Arbeitsplatz einen Namen geben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database address is not valid. Example: {example}</source>
        <translation>Die Datenbankadresse ist ungültig. Beispiel: {example}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not write {path}: {error}</source>
        <translation>{path} konnte nicht geschrieben werden: {error}</translation>
    </message>
</context>
<context>
    <name>HoldWorkbench</name>
    <message>
        <location filename="../ui/hold_workbench.py" line="+25"/>
        <source>no RMA</source>
        <translation>keine RMA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hold</source>
        <translation>Klärfall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scanned</source>
        <translation>Gescannt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held at</source>
        <translation>Abgelegt von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Match to an RMA</source>
        <translation>Einer RMA zuordnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Match: scan the RMA, order or tracking number, then press Enter.</source>
        <translation>Zuordnen: RMA-, Bestell- oder Sendungsnummer scannen, dann Enter drücken.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept without RMA</source>
        <translation>Ohne RMA annehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return to sender</source>
        <translation>An Absender zurück</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scrap</source>
        <translation>Verschrotten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recycle</source>
        <translation>Recyceln</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Hold shelf: %n waiting for a decision</source>
        <translation>
            <numerusform>Klärfach: %n wartet auf Entscheidung</numerusform>
            <numerusform>Klärfach: %n warten auf Entscheidung</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hold {ref}: {code}, waiting {age}. {why}</source>
        <translation>Klärfall {ref}: {code}, wartet seit {age}. {why}</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../ui/inspect_page.py" line="+95"/>
        <source>Scan an item (its RSI code, barcode or SKU), or pick it from the list on the left.</source>
        <translation>Artikel scannen (RSI-Code, Barcode oder SKU) oder links aus der Liste wählen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Take photo  {key}</source>
        <translation>Foto aufnehmen  {key}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect a camera and press F7 again; without one, ask a supervisor to turn off require_photos.</source>
        <translation>Kamera anschließen und erneut F7 drücken; ohne Kamera die Schichtleitung bitten, require_photos auszuschalten.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Inspect</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Waiting for inspection</source>
        <translation>Wartet auf Prüfung</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+956"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="-955"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reload rules</source>
        <translation>Regeln neu laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read the rules file again; a file with mistakes is refused</source>
        <translation>Regeldatei neu einlesen; eine fehlerhafte Datei wird abgelehnt</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Confirm  (Enter)</source>
        <translation>Bestätigen  (Enter)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Override  {key}</source>
        <translation>Übersteuern  {key}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the item elsewhere, with a reason and a supervisor&apos;s PIN</source>
        <translation>Artikel woandershin schicken, mit Grund und PIN der Schichtleitung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pause  Esc</source>
        <translation>Pause  Esc</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the item back in the queue; the answers so far are kept</source>
        <translation>Artikel zurück in die Warteschlange; die bisherigen Antworten bleiben erhalten</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A still from the camera panel (switched on if needed), kept as evidence: of the open check when it asks for a photo, else of the first check still waiting for one, else of the item</source>
        <translation>Ein Standbild aus dem Kamerabereich (wird bei Bedarf eingeschaltet), als Nachweis gespeichert: zum offenen Prüfpunkt, wenn er ein Foto verlangt, sonst zum ersten Prüfpunkt, der noch eines braucht, sonst zum Artikel</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Answer with the number keys or scan the value. Backspace goes back, Enter confirms.</source>
        <translation>Mit den Zifferntasten antworten oder den Wert scannen. Rücktaste: zurück, Enter: bestätigen.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Unknown command card: {problem}</source>
        <translation>Unbekannte Befehlskarte: {problem}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>That is the product barcode, not the {value}: scan the code with the {value}, or type it.</source>
        <translation>Das ist der Produkt-Barcode, nicht „{value}“: den Code für „{value}“ scannen oder eintippen.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Not recognised: {problem}</source>
        <translation>Nicht erkannt: {problem}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No item waiting for inspection matches {code}. Was its parcel finished on the Receive tab (scan DONE)?</source>
        <translation>Kein Artikel, der auf Prüfung wartet, passt zu {code}. Wurde sein Paket im Reiter Wareneingang abgeschlossen (DONE scannen)?</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Waiting for inspection: {count}</source>
        <translation>Wartet auf Prüfung: {count}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing is waiting for inspection.</source>
        <translation>Nichts wartet auf Prüfung.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Rules: {name}, version {version}</source>
        <translation>Regeln: {name}, Version {version}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Rules reloaded (new version): version {version}.</source>
        <translation>Regeln neu geladen (neue Version): Version {version}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rules reloaded (unchanged): version {version}.</source>
        <translation>Regeln neu geladen (unverändert): Version {version}.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The rules file has %n problem(s) and was NOT taken. The station keeps the rules it had (version {version}).</source>
        <translation>
            <numerusform>Die Regeldatei hat %n Fehler und wurde NICHT übernommen. Es gelten weiter die bisherigen Regeln (Version {version}).</numerusform>
            <numerusform>Die Regeldatei hat %n Fehler und wurde NICHT übernommen. Es gelten weiter die bisherigen Regeln (Version {version}).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rules file refused</source>
        <translation>Regeldatei abgelehnt</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{rma}  ·  {reason}  ·  value {value}  ·  bought {date}</source>
        <translation>{rma}  ·  {reason}  ·  Wert {value}  ·  gekauft {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{rma}  ·  {reason}  ·  value {value}</source>
        <translation>{rma}  ·  {reason}  ·  Wert {value}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Checklist: {title}</source>
        <translation>Prüfliste: {title}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Resumed from {station} {time} UTC ({user})</source>
        <translation>Fortgesetzt von {station} {time} UTC ({user})</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{resumed}: {done} of %n checks were answered.</source>
        <translation>
            <numerusform>{resumed}: {done} von %n Prüfpunkt war beantwortet.</numerusform>
            <numerusform>{resumed}: {done} von %n Prüfpunkten waren beantwortet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{resumed}. {item}: {done} of %n answered, carry on.</source>
        <translation>
            <numerusform>{resumed}. {item}: {done} von %n beantwortet, bitte fortfahren.</numerusform>
            <numerusform>{resumed}. {item}: {done} von %n beantwortet, bitte fortfahren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Inspecting {item} {sku}: %n checks. Answer with the number keys.</source>
        <translation>
            <numerusform>Prüfung {item} {sku}: %n Prüfpunkt. Mit den Zifferntasten antworten.</numerusform>
            <numerusform>Prüfung {item} {sku}: %n Prüfpunkte. Mit den Zifferntasten antworten.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan an item or pick it from the list first.</source>
        <translation>Zuerst einen Artikel scannen oder aus der Liste wählen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All checks are answered: press Enter to confirm, Backspace to change one.</source>
        <translation>Alle Prüfpunkte beantwortet: Enter bestätigt, Rücktaste ändert eine Antwort.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{check}” takes a value: scan it or type it, then press Enter.</source>
        <translation>„{check}“ braucht einen Wert: scannen oder eintippen, dann Enter drücken.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{key} is not an answer to “{check}”. Use {keys}.</source>
        <translation>{key} ist keine Antwort auf „{check}“. Möglich: {keys}.</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>{check}: {value}, expired %n day(s) ago.</source>
        <translation>
            <numerusform>{check}: {value}, seit %n Tag abgelaufen.</numerusform>
            <numerusform>{check}: {value}, seit %n Tagen abgelaufen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This GS1 code could not be used: {problems}</source>
        <translation>Dieser GS1-Code ist nicht verwendbar: {problems}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scanned: {values}. Not used: {problems}.</source>
        <translation>Gescannt: {values}. Nicht verwendet: {problems}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scanned: {values}.</source>
        <translation>Gescannt: {values}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Serial {value} is not one the RMA expects ({expected}).</source>
        <translation>Seriennummer {value} wird in dieser RMA nicht erwartet ({expected}).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No {value} to scan? Press Enter again to record “{none}”, or scan/type it.</source>
        <translation>Nichts für „{value}“ zu scannen? Nochmals Enter erfasst „{none}“, sonst scannen oder eintippen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{check}” is needed: scan it or type it, then press Enter.</source>
        <translation>„{check}“ wird benötigt: scannen oder eintippen, dann Enter drücken.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This is the first check.</source>
        <translation>Das ist der erste Prüfpunkt.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Lot {lot} stopped: its units wait for single inspection ({item} paused).</source>
        <translation>Charge {lot} abgebrochen: ihre Artikel warten auf Einzelprüfung ({item} pausiert).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{item} paused: your answers are kept. Scan it again to carry on.</source>
        <translation>{item} pausiert: Ihre Antworten bleiben erhalten. Zum Fortsetzen erneut scannen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inspection of {item} cancelled. It stays in the queue.</source>
        <translation>Prüfung von {item} abgebrochen. Der Artikel bleibt in der Warteschlange.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Your answers could not be saved ({error}); they stay on screen.</source>
        <translation>Ihre Antworten konnten nicht gespeichert werden ({error}); sie bleiben auf dem Bildschirm.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot grade these answers: {error}</source>
        <translation>Diese Antworten lassen sich nicht einstufen: {error}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{answered} of {total} answered</source>
        <translation>{answered} von {total} beantwortet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grade so far: {grade}</source>
        <translation>Klasse bisher: {grade}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Still to answer: {checks}</source>
        <translation>Noch offen: {checks}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where it goes</source>
        <translation>Wohin damit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shown when every check is answered.</source>
        <translation>Erscheint, wenn alle Prüfpunkte beantwortet sind.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Channel: {channel}</source>
        <translation>Kanal: {channel}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rule {rule}</source>
        <translation>Regel {rule}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open an item first: a photo is kept as evidence for the item inspected.</source>
        <translation>Zuerst einen Artikel öffnen: ein Foto wird als Nachweis zum geprüften Artikel gespeichert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Still taking the last photo…</source>
        <translation>Das letzte Foto wird noch aufgenommen…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No photo: this window has no camera panel. {advice}</source>
        <translation>Kein Foto: dieses Fenster hat keinen Kamerabereich. {advice}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the camera is off</source>
        <translation>die Kamera ist aus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No photo taken: {error}. {advice}</source>
        <translation>Kein Foto aufgenommen: {error}. {advice}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo not kept: {error}</source>
        <translation>Foto nicht gespeichert: {error}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Taking photo…</source>
        <translation>Foto wird aufgenommen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taking a photo of {item} for “{check}”…</source>
        <translation>Foto von {item} für „{check}“ wird aufgenommen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taking a photo of {item}…</source>
        <translation>Foto von {item} wird aufgenommen…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Photo of {item} kept.</source>
        <translation>Foto von {item} gespeichert.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Photo {n} of {item} kept for “{check}”.</source>
        <translation>Foto {n} von {item} für „{check}“ gespeichert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photo {n} of {item} kept.</source>
        <translation>Foto {n} von {item} gespeichert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The photo could not be kept ({error}). Press {key} to try again.</source>
        <translation>Das Foto konnte nicht gespeichert werden ({error}). {key} drücken für einen neuen Versuch.</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n photo(s) kept.</source>
        <translation>
            <numerusform>%n Foto gespeichert.</numerusform>
            <numerusform>%n Fotos gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No photos yet.</source>
        <translation>Noch keine Fotos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photo needed: {checks}.</source>
        <translation>Foto nötig: {checks}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{problem} Press {key} or scan CMD:PHOTO.</source>
        <translation>{problem} {key} drücken oder CMD:PHOTO scannen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Answer every check first. Still open: {checks}.</source>
        <translation>Zuerst alle Prüfpunkte beantworten. Noch offen: {checks}.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{problem} Someone may have inspected it at another station.</source>
        <translation>{problem} Möglicherweise wurde der Artikel an einem anderen Arbeitsplatz geprüft.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Answer every check first: then the rules decide, and you can override.</source>
        <translation>Zuerst alle Prüfpunkte beantworten: dann entscheiden die Regeln, und Sie können übersteuern.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No item is open any more.</source>
        <translation>Es ist kein Artikel mehr offen.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>{word}: put {item} in {destination}. Override approved by {approver}.</source>
        <translation>{word}: {item} ablegen in {destination}. Übersteuerung freigegeben von {approver}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{word}: put {item} in {destination}.</source>
        <translation>{word}: {item} ablegen in {destination}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no label to print again yet.</source>
        <translation>Noch kein Etikett zum Nachdrucken.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The label is still printing…</source>
        <translation>Das Etikett wird noch gedruckt…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printing the routing label…</source>
        <translation>Leitetikett wird gedruckt…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Label printed: {output}</source>
        <translation>Etikett gedruckt: {output}</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+21"/>
        <source>Label NOT printed: {error}</source>
        <translation>Etikett NICHT gedruckt: {error}</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Label {template} printed: {output}</source>
        <translation>Etikett {template} gedruckt: {output}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Label {template} NOT printed: {error}. The print worker tries again.</source>
        <translation>Etikett {template} NICHT gedruckt: {error}. Es wird automatisch erneut versucht.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{problem}. Press Print again or scan CMD:PRINT-AGAIN.</source>
        <translation>{problem}. „Nachdrucken“ drücken oder CMD:PRINT-AGAIN scannen.</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <location filename="../ui/kpi_panel.py" line="+56"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>items dispositioned</source>
        <translation>Artikel abgeschlossen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>median hours, receipt to disposition</source>
        <translation>Median Std., Eingang bis Verwertung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>% recycled</source>
        <translation>% recycelt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on the hold shelf</source>
        <translation>im Klärfach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>labels waiting or failed</source>
        <translation>Etiketten wartend oder fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>No dispositions yet today.</source>
        <translation>Heute noch keine Verwertung entschieden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>updated {time} UTC</source>
        <translation>aktualisiert {time} UTC</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not refresh: {error}</source>
        <translation>Aktualisierung fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>LabelHistoryModel</name>
    <message>
        <location filename="../ui/print_history.py" line="+78"/>
        <location line="+48"/>
        <source>Printed</source>
        <translation>Gedruckt</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Printing…</source>
        <translation>Druckt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FAILED</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{error} (no more automatic tries: press Retry failed)</source>
        <translation>{error} (keine automatischen Versuche mehr: „Fehlgeschlagene wiederholen“ drücken)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{error} (tried again at {time})</source>
        <translation>{error} (erneut versucht um {time})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last try: {error}</source>
        <translation>Letzter Versuch: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{time} (COPY)</source>
        <translation>{time} (KOPIE)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created (UTC)</source>
        <translation>Erstellt (UTC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tries</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reprint of</source>
        <translation>Nachdruck von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no item</source>
        <translation>kein Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label {job} ({template}) for {item}</source>
        <translation>Etikett {job} ({template}) für {item}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reprint of label {job}</source>
        <translation>Nachdruck von Etikett {job}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Marked {mark}: an earlier send may have printed it too</source>
        <translation>Markiert {mark}: ein früherer Versand hat es evtl. schon gedruckt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printer: {printer}</source>
        <translation>Drucker: {printer}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent by bench {station}</source>
        <translation>Gesendet von Arbeitsplatz {station}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last problem: {error}</source>
        <translation>Letztes Problem: {error}</translation>
    </message>
</context>
<context>
    <name>LabelHistoryPanel</name>
    <message>
        <location line="-90"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>Gedruckt</translation>
    </message>
    <message>
        <location line="+140"/>
        <source>Item code, RMA or template</source>
        <translation>Artikelcode, RMA oder Vorlage</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Print again</source>
        <translation>Nachdrucken</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retry failed</source>
        <translation>Fehlgeschlagene wiederholen</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Could not read the label history: {error}</source>
        <translation>Etikettenverlauf nicht lesbar: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(the newest; search to find older ones)</source>
        <translation>(die neuesten; ältere über die Suche)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n FAILED</source>
        <translation>
            <numerusform>%n FEHLER</numerusform>
            <numerusform>%n FEHLER</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n Etikett</numerusform>
            <numerusform>%n Etiketten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Select the labels to print again first.</source>
        <translation>Zuerst die nachzudruckenden Etiketten auswählen.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Printing %n label(s) again…</source>
        <translation>
            <numerusform>%n Etikett wird nachgedruckt…</numerusform>
            <numerusform>%n Etiketten werden nachgedruckt…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sending the failed labels again…</source>
        <translation>Fehlgeschlagene Etiketten werden erneut gesendet…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still sending the last labels…</source>
        <translation>Die letzten Etiketten werden noch gesendet…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Printed again: {items}.</source>
        <translation>Nachgedruckt: {items}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No failed labels at this bench to send again.</source>
        <translation>An diesem Arbeitsplatz gibt es keine fehlgeschlagenen Etiketten zum erneuten Senden.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n failed label(s) printed now.</source>
        <translation>
            <numerusform>%n fehlgeschlagenes Etikett jetzt gedruckt.</numerusform>
            <numerusform>%n fehlgeschlagene Etiketten jetzt gedruckt.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Labels could not be sent: {error}</source>
        <translation>Etiketten konnten nicht gesendet werden: {error}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Label for {item} NOT printed: {error}. It is retried automatically, or press Retry failed.</source>
        <translation>Etikett für {item} NICHT gedruckt: {error}. Es wird automatisch erneut versucht, oder „Fehlgeschlagene wiederholen“ drücken.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n more wait for the printer.</source>
        <translation>
            <numerusform>%n weiteres wartet auf den Drucker.</numerusform>
            <numerusform>%n weitere warten auf den Drucker.</numerusform>
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
        <translation>HINWEIS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CHECK</source>
        <translation>PRÜFEN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>STOP</source>
        <translation>STOPP</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>READY</source>
        <translation>BEREIT</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <location filename="../ui/login_panel.py" line="+32"/>
        <source>Nobody can sign in yet: add a person on this PC with
returnstation users add NAME --badge B --role inspector</source>
        <translation>Noch kann sich niemand anmelden: auf diesem PC eine Person anlegen mit
returnstation users add NAME --badge B --role inspector</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan your badge (or type its code and press Enter), then type your PIN and press Enter.</source>
        <translation>Ausweis scannen (oder Code eintippen und Enter), dann PIN eingeben und Enter drücken.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>clerk</source>
        <translation>Lagermitarbeiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inspector</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>Schichtleitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Badge</source>
        <translation>Ausweis</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Scan your badge first.</source>
        <translation>Zuerst den Ausweis scannen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type your PIN, then press Enter.</source>
        <translation>PIN eingeben, dann Enter drücken.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Badge {badge}: type your PIN and press Enter.</source>
        <translation>Ausweis {badge}: PIN eingeben und Enter drücken.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign in first: {code} is not a badge. Scan your badge, then type your PIN.</source>
        <translation>Zuerst anmelden: {code} ist kein Ausweis. Ausweis scannen, dann PIN eingeben.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Signed in: {name} ({role}).</source>
        <translation>Angemeldet: {name} ({role}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sign-in failed: {error}. Try again, or tell a supervisor.</source>
        <translation>Anmeldung fehlgeschlagen: {error}. Erneut versuchen oder die Schichtleitung informieren.</translation>
    </message>
</context>
<context>
    <name>LotFlow</name>
    <message>
        <location filename="../ui/lot_flow.py" line="+88"/>
        <source>Lot inspection is not offered at this bench.</source>
        <translation>Chargenprüfung ist an diesem Arbeitsplatz nicht verfügbar.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open one unit of the lot first (scan it), then press {key}.</source>
        <translation>Zuerst ein Stück der Charge öffnen (scannen), dann {key} drücken.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The item was closed meanwhile: press {key} again.</source>
        <translation>Der Artikel wurde inzwischen geschlossen: {key} erneut drücken.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{lot}: {units} units of {sku}. Inspect {samples} of them; any failed sample sends the lot to single inspection. Sample 1: answer the checklist, then Enter.</source>
        <translation>{lot}: {units} Stück {sku}. {samples} davon prüfen; fällt eine Stichprobe durch, geht die Charge in die Einzelprüfung. Stichprobe 1: Prüfliste beantworten, dann Enter.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Lot {lot}: {units} x {sku}  ·  sample {number} of {of}  ·  Esc stops the lot</source>
        <translation>Charge {lot}: {units} x {sku}  ·  Stichprobe {number} von {of}  ·  Esc: Charge abbrechen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Lot {lot}: answer sample {number} of {of} first (Esc stops the lot).</source>
        <translation>Charge {lot}: zuerst Stichprobe {number} von {of} beantworten (Esc: Charge abbrechen).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Take the photo for {checks} of this sample first.</source>
        <translation>Zuerst das Foto für {checks} dieser Stichprobe aufnehmen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sample passed. Sample {number} of {of}: take another unit and answer its checklist.</source>
        <translation>Stichprobe bestanden. Stichprobe {number} von {of}: ein weiteres Stück nehmen und seine Prüfliste beantworten.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{lot}: {units} units {word}: put the tote in {destination}. One tote label.</source>
        <translation>{lot}: {units} Stück {word}: Behälter ablegen in {destination}. Ein Behälteretikett.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} unit(s) left for single inspection: {items}.</source>
        <translation>Übrig für die Einzelprüfung ({count} Stück): {items}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sample failed ({detail}): lot {lot} goes to single inspection. Enter decides this unit on its own; the other units wait in the queue.</source>
        <translation>Stichprobe nicht bestanden ({detail}): Charge {lot} geht in die Einzelprüfung. Enter entscheidet über dieses Stück allein; die übrigen warten in der Warteschlange.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="+83"/>
        <source>(in memory)</source>
        <translation>(im Speicher)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Bench {station}</source>
        <translation>Arbeitsplatz {station}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SCAN</source>
        <translation>SCAN</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Camera   F6</source>
        <translation>Kamera   F6</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Station: {station}</source>
        <translation>Arbeitsplatz: {station}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer: {printer}</source>
        <translation>Drucker: {printer}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign out   F12</source>
        <translation>Abmelden   F12</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+83"/>
        <source>Labels: OK</source>
        <translation>Etiketten: OK</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Database: {database}</source>
        <translation>Datenbank: {database}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Database: NOT REACHABLE, %n scan(s) kept, retrying</source>
        <translation>
            <numerusform>Datenbank: NICHT ERREICHBAR, %n Scan gespeichert, neuer Versuch läuft</numerusform>
            <numerusform>Datenbank: NICHT ERREICHBAR, %n Scans gespeichert, neuer Versuch läuft</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database: NOT REACHABLE, retrying</source>
        <translation>Datenbank: NICHT ERREICHBAR, neuer Versuch läuft</translation>
    </message>
    <message numerus="yes">
        <location line="+165"/>
        <source>The database is back: %n kept scan(s) entered. Carry on.</source>
        <translation>
            <numerusform>Die Datenbank ist wieder da: %n gespeicherter Scan gebucht. Weitermachen.</numerusform>
            <numerusform>Die Datenbank ist wieder da: %n gespeicherte Scans gebucht. Weitermachen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-151"/>
        <source>Labels: %n waiting for the printer</source>
        <translation>
            <numerusform>Etiketten: %n wartet auf den Drucker</numerusform>
            <numerusform>Etiketten: %n warten auf den Drucker</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Show or hide the camera scanner (F6)</source>
        <translation>Kamerascanner ein- oder ausblenden (F6)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>the database is still not reachable</source>
        <translation>die Datenbank ist weiterhin nicht erreichbar</translation>
    </message>
    <message numerus="yes">
        <location line="+79"/>
        <source>The database is busy: waiting for it to answer. %n more scan(s) held, entered in order when it does. Keep scanning.</source>
        <translation>
            <numerusform>Die Datenbank ist ausgelastet: warte auf Antwort. %n weiterer Scan zurückgehalten, wird danach der Reihe nach gebucht. Weiter scannen.</numerusform>
            <numerusform>Die Datenbank ist ausgelastet: warte auf Antwort. %n weitere Scans zurückgehalten, werden danach der Reihe nach gebucht. Weiter scannen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database is busy: waiting for it to answer. Keep scanning.</source>
        <translation>Die Datenbank ist ausgelastet: warte auf Antwort. Weiter scannen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database: BUSY, waiting</source>
        <translation>Datenbank: AUSGELASTET, warte</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{reason}. Nothing was saved and nothing is lost: what is on screen stays; press the key again when it is back.</source>
        <translation>{reason}. Nichts wurde gespeichert und nichts geht verloren: der Bildschirm bleibt, wie er ist; die Taste erneut drücken, wenn sie wieder da ist.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Something went wrong: {error}. Tell a supervisor.</source>
        <translation>Etwas ist schiefgelaufen: {error}. Bitte die Schichtleitung informieren.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The database is still not reachable. %n scan(s) kept: they are entered by themselves when it is back, nothing is counted twice. Keep the items in order.</source>
        <translation>
            <numerusform>Die Datenbank ist weiterhin nicht erreichbar. %n Scan gespeichert: er wird von selbst gebucht, sobald sie wieder da ist, nichts wird doppelt gezählt. Artikel in der Reihenfolge lassen.</numerusform>
            <numerusform>Die Datenbank ist weiterhin nicht erreichbar. %n Scans gespeichert: sie werden von selbst gebucht, sobald sie wieder da ist, nichts wird doppelt gezählt. Artikel in der Reihenfolge lassen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The database is not reachable ({reason}). %n scan(s) kept: they are entered by themselves when it is back, nothing is counted twice. Keep the items in order.</source>
        <translation>
            <numerusform>Die Datenbank ist nicht erreichbar ({reason}). %n Scan gespeichert: er wird von selbst gebucht, sobald sie wieder da ist, nichts wird doppelt gezählt. Artikel in der Reihenfolge lassen.</numerusform>
            <numerusform>Die Datenbank ist nicht erreichbar ({reason}). %n Scans gespeichert: sie werden von selbst gebucht, sobald sie wieder da ist, nichts wird doppelt gezählt. Artikel in der Reihenfolge lassen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Locked after {idle} without a key or a scan. Work in progress is kept.</source>
        <translation>Gesperrt nach {idle} ohne Tastendruck oder Scan. Begonnene Arbeit bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed out. Work in progress is kept for whoever signs in next.</source>
        <translation>Abgemeldet. Begonnene Arbeit bleibt für die nächste Anmeldung erhalten.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Signed in: {name} ({role}).</source>
        <translation>Angemeldet: {name} ({role}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>User: {name} ({role})</source>
        <translation>Benutzer: {name} ({role})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nobody signed in</source>
        <translation>Niemand angemeldet</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n minutes</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{seconds} seconds</source>
        <translation>{seconds} Sekunden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not refresh the {tab} tab: {error}</source>
        <translation>Reiter {tab} konnte nicht aktualisiert werden: {error}</translation>
    </message>
</context>
<context>
    <name>OpeningWindow</name>
    <message>
        <location filename="../ui/opening_window.py" line="+67"/>
        <source>Bench {station}</source>
        <translation>Arbeitsplatz {station}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SCAN</source>
        <translation>SCAN</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Database: opening...</source>
        <translation>Datenbank: wird geöffnet...</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Opening the database... Scan as usual: scans are kept and entered when it is open.</source>
        <translation>Datenbank wird geöffnet... Wie gewohnt scannen: Scans werden gespeichert und gebucht, sobald sie offen ist.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Opening the database... %n scan(s) kept: entered in order when it is open. Keep scanning.</source>
        <translation>
            <numerusform>Datenbank wird geöffnet... %n Scan gespeichert: wird gebucht, sobald sie offen ist. Weiter scannen.</numerusform>
            <numerusform>Datenbank wird geöffnet... %n Scans gespeichert: werden der Reihe nach gebucht, sobald sie offen ist. Weiter scannen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../ui/override_dialog.py" line="+51"/>
        <source>Override the disposition</source>
        <translation>Verwertung übersteuern</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The rules say:  &lt;b&gt;{disposition} → {destination}&lt;/b&gt;&lt;br&gt;Rule {rule}: {reason}</source>
        <translation>Die Regeln sagen:  &lt;b&gt;{disposition} → {destination}&lt;/b&gt;&lt;br&gt;Regel {rule}: {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Send it somewhere else only with a reason and a supervisor&apos;s approval.</source>
        <translation>Nur mit Grund und Freigabe der Schichtleitung woandershin schicken.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose where it goes…</source>
        <translation>Ziel wählen…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the reason…</source>
        <translation>Grund wählen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan or type the supervisor&apos;s badge (or name)</source>
        <translation>Ausweis (oder Name) der Schichtleitung scannen oder eintippen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>PIN der Schichtleitung</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New disposition</source>
        <translation>Neue Verwertung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>Schichtleitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Approve override  (Enter in PIN)</source>
        <translation>Übersteuerung freigeben  (Enter im PIN-Feld)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel  (Esc)</source>
        <translation>Abbrechen  (Esc)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>the new disposition</source>
        <translation>die neue Verwertung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reason</source>
        <translation>der Grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the supervisor&apos;s badge</source>
        <translation>der Ausweis der Schichtleitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the PIN</source>
        <translation>die PIN</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Still needed: {fields}.</source>
        <translation>Noch nötig: {fields}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checking the PIN…</source>
        <translation>PIN wird geprüft…</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <location filename="../ui/photo_strip.py" line="+72"/>
        <source>item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{path}
{time} UTC, {station}, {user}
{size} bytes, SHA-256 {sha256}…</source>
        <translation>{path}
{time} UTC, {station}, {user}
{size} Byte, SHA-256 {sha256}…</translation>
    </message>
</context>
<context>
    <name>QuarantineQueue</name>
    <message>
        <location filename="../ui/quarantine_queue.py" line="+29"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
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
        <translation>Klasse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Quarantine: %n item(s) waiting for a final disposition</source>
        <translation>
            <numerusform>Quarantäne: %n Artikel wartet auf die endgültige Verwertung</numerusform>
            <numerusform>Quarantäne: %n Artikel warten auf die endgültige Verwertung</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{item} {sku} ({rma}), grade {grade}, {photos} photo(s). Rule {rule}: {why} [{answers}]</source>
        <translation>{item} {sku} ({rma}), Klasse {grade}, Fotos: {photos}. Regel {rule}: {why} [{answers}]</translation>
    </message>
</context>
<context>
    <name>ReceivePage</name>
    <message>
        <location filename="../ui/receive_page.py" line="+49"/>
        <source>Next: scan the parcel label (RMA number, tracking number or order number).</source>
        <translation>Als Nächstes: Paketetikett scannen (RMA-, Sendungs- oder Bestellnummer).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next: scan each item. When the box is empty, scan DONE or press Finish parcel.</source>
        <translation>Als Nächstes: jeden Artikel scannen. Ist der Karton leer, DONE scannen oder „Paket abschließen“ drücken.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receipt saved. Next: scan the next parcel label.</source>
        <translation>Eingang gebucht. Als Nächstes: das nächste Paketetikett scannen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All expected items are here. Next: scan DONE or press Finish parcel.</source>
        <translation>Alle erwarteten Artikel sind da. Als Nächstes: DONE scannen oder „Paket abschließen“ drücken.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next: press the number of the RMA in this box, or scan its RMA label.</source>
        <translation>Als Nächstes: die Nummer der RMA in diesem Karton drücken oder ihr RMA-Etikett scannen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next: press Enter to add {rma} to this box, or scan on to put the item on HOLD.</source>
        <translation>Als Nächstes: Enter fügt {rma} diesem Karton hinzu; weiter scannen legt den Artikel in KLÄRUNG.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next: type how many identical units are in hand and press Enter.</source>
        <translation>Als Nächstes: Anzahl gleicher Stücke in der Hand eintippen und Enter drücken.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next: take a photo of the damaged box (F7 or CMD:PHOTO).</source>
        <translation>Als Nächstes: den beschädigten Karton fotografieren (F7 oder CMD:PHOTO).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{key}   {rma}   {customer}   order {order}   authorised {date}   {received} of {expected}</source>
        <translation>{key}   {rma}   {customer}   Bestellung {order}   freigegeben {date}   {received} von {expected}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(serial)</source>
        <translation>(Seriennr.)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✔ Complete</source>
        <translation>✔ Vollständig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for {count}</source>
        <translation>Noch {count} erwartet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Receive</source>
        <translation>Wareneingang</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+281"/>
        <source>No parcel open</source>
        <translation>Kein Paket offen</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>Eingegangen</translation>
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
        <translation>Paket abschließen  (DONE scannen)</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Nothing to cancel. Scan a parcel label.</source>
        <translation>Nichts abzubrechen. Paketetikett scannen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{rma} stays open: scan its label again to carry on with it.</source>
        <translation>{rma} bleibt offen: zum Weitermachen das Etikett erneut scannen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finish this parcel first: scan DONE.</source>
        <translation>Zuerst dieses Paket abschließen: DONE scannen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan the next parcel label.</source>
        <translation>Nächstes Paketetikett scannen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That command is for the Inspect tab.</source>
        <translation>Dieser Befehl gehört in den Reiter Prüfen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No parcel is open. Scan a parcel label first.</source>
        <translation>Kein Paket offen. Zuerst ein Paketetikett scannen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Scan DAMAGED first: the photo is for a box damaged in transit.</source>
        <translation>Zuerst DAMAGED scannen: das Foto ist für einen beim Transport beschädigten Karton.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No photo: this window has no camera panel.</source>
        <translation>Kein Foto: dieses Fenster hat keinen Kamerabereich.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the camera is off</source>
        <translation>die Kamera ist aus</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No photo taken: {error}</source>
        <translation>Kein Foto aufgenommen: {error}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{rma} was left open at this bench ({started}, {received} of {expected} received): carry on scanning its items, or scan CANCEL.</source>
        <translation>{rma} wurde an diesem Arbeitsplatz offen gelassen ({started}, {received} von {expected} eingegangen): weiter seine Artikel scannen oder CANCEL scannen.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>The expected items appear here after the parcel scan.</source>
        <translation>Die erwarteten Artikel erscheinen hier nach dem Paketscan.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Parcel {n} of {rma}</source>
        <translation>Paket {n} zu {rma}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On the hold shelf: a supervisor decides (Supervisor tab, Alt+H).</source>
        <translation>Im Klärfach: die Schichtleitung entscheidet (Reiter Schichtleitung, Alt+H).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⏸ ON HOLD</source>
        <translation>⏸ IN KLÄRUNG</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order {number}</source>
        <translation>Bestellung {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer {name}</source>
        <translation>Kunde {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>RMA valid until {date}</source>
        <translation>RMA gültig bis {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>RMA does not expire</source>
        <translation>RMA ohne Ablaufdatum</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n item(s) on HOLD</source>
        <translation>
            <numerusform>%n Artikel in KLÄRUNG</numerusform>
            <numerusform>%n Artikel in KLÄRUNG</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>{received} of %n item(s) received</source>
        <translation>
            <numerusform>{received} von %n Artikel eingegangen</numerusform>
            <numerusform>{received} von %n Artikeln eingegangen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DAMAGED IN TRANSIT</source>
        <translation>TRANSPORTSCHADEN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>OPEN</source>
        <translation>OFFEN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ RECEIVED</source>
        <translation>✔ EINGEGANGEN</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Hold shelf: %n parcel(s)</source>
        <translation>
            <numerusform>Klärfach: %n Paket</numerusform>
            <numerusform>Klärfach: %n Pakete</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../ui/result_panel.py" line="+73"/>
        <source>Print again  (scan CMD:PRINT-AGAIN)</source>
        <translation>Nachdrucken  (CMD:PRINT-AGAIN scannen)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Next: scan the next item, or pick it from the list.</source>
        <translation>Als Nächstes: den nächsten Artikel scannen oder aus der Liste wählen.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Put it in  {destination}</source>
        <translation>Ablegen in  {destination}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The rules said {disposition} → {destination}</source>
        <translation>Die Regeln sagten {disposition} → {destination}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>OVERRIDDEN by {approver}: {reason}</source>
        <translation>ÜBERSTEUERT von {approver}: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>  ·  channel {channel}</source>
        <translation>  ·  Kanal {channel}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{grades}{channel}  ·  rule {rule}  ·  rules {version}</source>
        <translation>{grades}{channel}  ·  Regel {rule}  ·  Regeln {version}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Printing the routing label…</source>
        <translation>Leitetikett wird gedruckt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No label for this item.</source>
        <translation>Kein Etikett für diesen Artikel.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return reason</source>
        <translation>Retourengrund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days since purchase</source>
        <translation>Tage seit Kauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit value</source>
        <translation>Stückwert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hazardous</source>
        <translation>Gefahrgut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warranty valid</source>
        <translation>Garantie gültig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days left to expiry</source>
        <translation>Tage bis Verfall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lot number recorded</source>
        <translation>Chargennummer erfasst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Market</source>
        <translation>Markt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No fault found</source>
        <translation>Kein Fehler gefunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test performed</source>
        <translation>Test durchgeführt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>under {value}</source>
        <translation>unter {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most {value}</source>
        <translation>höchstens {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>over {value}</source>
        <translation>über {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at least {value}</source>
        <translation>mindestens {value}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{some} or {last}</source>
        <translation>{some} oder {last}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>anything but {values}</source>
        <translation>alles außer {values}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Almost: {reason} — needs {subject}: {needed}; now {now}.</source>
        <translation>Beinahe: {reason} — verlangt {subject}: {needed}; jetzt {now}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>… %n more rule(s) almost applied</source>
        <translation>
            <numerusform>… %n weitere Regel hätte fast gegriffen</numerusform>
            <numerusform>… %n weitere Regeln hätten fast gegriffen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Grade {grade}</source>
        <translation>Klasse {grade}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>packaging {packaging}</source>
        <translation>Verpackung {packaging}</translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <location filename="../ui/scan_field.py" line="+45"/>
        <source>Scan here</source>
        <translation>Hier scannen</translation>
    </message>
</context>
<context>
    <name>SerialBridge</name>
    <message>
        <location filename="../ui/serial_bridge.py" line="+22"/>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retrying</source>
        <translation>neuer Versuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Scanner: keyboard</source>
        <translation>Scanner: Tastatur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scanner: serial {port} ({status})</source>
        <translation>Scanner: seriell {port} ({status})</translation>
    </message>
</context>
<context>
    <name>StartupProblem</name>
    <message>
        <location filename="../ui/app.py" line="+53"/>
        <source>Settings file is broken</source>
        <translation>Einstellungsdatei ist fehlerhaft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The station settings could not be read:

{error}

Fix or remove {file} and start again.</source>
        <translation>Die Einstellungen des Arbeitsplatzes konnten nicht gelesen werden:

{error}

{file} korrigieren oder entfernen und neu starten.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Rules or checklist file is broken</source>
        <translation>Regel- oder Prüflistendatei ist fehlerhaft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}

The station cannot grade items until the file is fixed. Ask a supervisor, or check it with:  returnstation rules-check &lt;file&gt;</source>
        <translation>{error}

Der Arbeitsplatz kann keine Artikel einstufen, bis die Datei korrigiert ist. Die Schichtleitung fragen oder prüfen mit:  returnstation rules-check &lt;Datei&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Database cannot be opened</source>
        <translation>Datenbank lässt sich nicht öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database at {database} could not be opened or updated:

{error}

Check the network or disk, or ask IT. Nothing was changed.</source>
        <translation>Die Datenbank unter {database} konnte nicht geöffnet oder aktualisiert werden:

{error}

Netzwerk oder Festplatte prüfen oder die IT fragen. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write the station&apos;s files</source>
        <translation>Dateien des Arbeitsplatzes nicht beschreibbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}: {path}

Check that the disk is not full and that the folder may be written.</source>
        <translation>{error}: {path}

Prüfen, ob die Festplatte voll ist und ob der Ordner beschrieben werden darf.</translation>
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

Bitte die IT oder die Schichtleitung informieren.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scanned while the station was opening, not entered (scan them again later): {codes}</source>
        <translation>Beim Start des Arbeitsplatzes gescannt, nicht gebucht (später erneut scannen): {codes}</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>ReturnStation cannot start</source>
        <translation>ReturnStation kann nicht starten</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <location filename="../ui/page.py" line="+29"/>
        <source>Something went wrong: {error}. Tell a supervisor.</source>
        <translation>Etwas ist schiefgelaufen: {error}. Bitte die Schichtleitung informieren.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Still saving the last step: click again when the banner has answered.</source>
        <translation>Der letzte Schritt wird noch gespeichert: erneut klicken, wenn die Meldungsleiste geantwortet hat.</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../ui/supervisor_page.py" line="+76"/>
        <source>Supervisor</source>
        <translation>Schichtleitung</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Disposition summary (PDF)   {key}</source>
        <translation>Verwertungsübersicht (PDF)   {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export CSV   {key}</source>
        <translation>CSV exportieren   {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import RMAs (CSV)…   {key}</source>
        <translation>RMAs importieren (CSV)…   {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return-to-vendor lists (PDF)   {key}</source>
        <translation>Lieferantenretouren (PDF)   {key}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reports are saved in {folder}</source>
        <translation>Berichte werden gespeichert in {folder}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>RMAs come from the order system&apos;s CSV export (all or nothing per file).</source>
        <translation>RMAs kommen aus dem CSV-Export des Bestellsystems (je Datei alles oder nichts).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>RMA import</source>
        <translation>RMA-Import</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+54"/>
        <source>Hold shelf</source>
        <translation>Klärfach</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>no RMA</source>
        <translation>keine RMA</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hold #</source>
        <translation>Klärfall #</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code scanned</source>
        <translation>Gescannter Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMA</source>
        <translation>RMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labels</source>
        <translation>Etiketten</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Quarantine</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concerns</source>
        <translation>Verdachtsfälle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discrepancies</source>
        <translation>Abweichungen</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>This scan is not used on this tab: switch to Receive (F1) or Inspect (F2). An item code (RSI-…) shows that item&apos;s labels here.</source>
        <translation>Dieser Scan wird in diesem Reiter nicht verwendet: zu Wareneingang (F1) oder Prüfen (F2) wechseln. Ein Artikelcode (RSI-…) zeigt hier die Etiketten des Artikels.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Labels of {item}: the newest is selected; press Print again to reprint it.</source>
        <translation>Etiketten von {item}: das neueste ist ausgewählt; „Nachdrucken“ druckt es erneut.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reports and labels are here. The hold shelf, quarantine, concerns and discrepancies are for supervisors: sign in as one to work them.</source>
        <translation>Hier sind Berichte und Etiketten. Klärfach, Quarantäne, Verdachtsfälle und Abweichungen bearbeitet die Schichtleitung: dafür mit dieser Rolle anmelden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reports, RMA import, every label under Labels (scan an item code); Alt+H: the hold shelf, Alt+Q: quarantine, Alt+N: concerns, Alt+D: discrepancies.</source>
        <translation>Berichte, RMA-Import, alle Etiketten unter Etiketten (Artikelcode scannen); Alt+H: Klärfach, Alt+Q: Quarantäne, Alt+N: Verdachtsfälle, Alt+D: Abweichungen.</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Hold shelf: %n waiting for a decision (Alt+H)</source>
        <translation>
            <numerusform>Klärfach: %n wartet auf Entscheidung (Alt+H)</numerusform>
            <numerusform>Klärfach: %n warten auf Entscheidung (Alt+H)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The period starts ({start}) after it ends ({end}). Fix the dates.</source>
        <translation>Der Zeitraum beginnt ({start}) nach seinem Ende ({end}). Bitte die Daten korrigieren.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Writing the disposition summary…</source>
        <translation>Verwertungsübersicht wird erstellt…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Exporting the records…</source>
        <translation>Datensätze werden exportiert…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Making the return-to-vendor lists…</source>
        <translation>Listen für Lieferantenretouren werden erstellt…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Return-to-vendor lists saved in the reports folder: {lists}</source>
        <translation>Listen für Lieferantenretouren im Berichtsordner gespeichert: {lists}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved: {path}</source>
        <translation>Gespeichert: {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {name} in the reports folder.</source>
        <translation>{name} im Berichtsordner gespeichert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not saved: {error}</source>
        <translation>Nicht gespeichert: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The report could not be written: {error}</source>
        <translation>Der Bericht konnte nicht erstellt werden: {error}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import RMAs</source>
        <translation>RMAs importieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV-Dateien (*.csv *.txt)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Importing {name}…</source>
        <translation>{name} wird importiert…</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Nothing was imported from {source}: %n problem(s). Fix the file and import it again.</source>
        <translation>
            <numerusform>Aus {source} wurde nichts importiert: %n Fehler. Datei korrigieren und erneut importieren.</numerusform>
            <numerusform>Aus {source} wurde nichts importiert: %n Fehler. Datei korrigieren und erneut importieren.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>RMA import refused</source>
        <translation>RMA-Import abgelehnt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import failed: {error}</source>
        <translation>Import fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The import failed: {error}</source>
        <translation>Der Import ist fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>_CheckRow</name>
    <message>
        <location filename="../ui/checklist_view.py" line="+145"/>
        <source>photo taken ({count})</source>
        <translation>Foto aufgenommen ({count})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PHOTO NEEDED</source>
        <translation>FOTO NÖTIG</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Photo taken ({count}).  {key} takes another.</source>
        <translation>Foto aufgenommen ({count}).  {key} nimmt ein weiteres auf.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take a photo: press {key} or scan CMD:PHOTO.</source>
        <translation>Foto aufnehmen: {key} drücken oder CMD:PHOTO scannen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scan it, or type it in the SCAN field at the top, then press Enter.</source>
        <translation>Scannen oder oben ins Feld SCAN eintippen, dann Enter drücken.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not on the item? Press Enter twice with the field empty.</source>
        <translation>Nicht auf dem Artikel? Bei leerem Feld zweimal Enter drücken.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not on the item</source>
        <translation>Nicht auf dem Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded:  {value}</source>
        <translation>Erfasst:  {value}</translation>
    </message>
</context>
</TS>
