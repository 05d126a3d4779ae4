; Inno Setup 6 script: per-machine installer for the PyInstaller bundle in dist\returnstation\.
; Build on Windows from the repository root, after scripts\build_bundle (see installer\README.md):
;     iscc /DAppVersion=0.1.0 installer\windows\returnstation.iss
; Output: dist\ReturnStation-Setup-<version>.exe
;
; Layout on the bench PC:
;   C:\Program Files\ReturnStation\          the program (read-only for users; replaced on upgrade)
;   C:\ProgramData\ReturnStation\            station data shared by everyone who logs on to this PC:
;       returnstation.toml                   machine settings (created once, never overwritten)
;       returnstation.db, labels\, reports\  the database and printed files (kept on uninstall)
; The machine-wide RETURNSTATION_CONFIG variable points the app at that settings file, so whoever logs
; on works in the same bench database.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "ReturnStation"
#define AppExe "returnstation.exe"
#define CliExe "returnstation-cli.exe"
#define Bundle "..\..\dist\returnstation"

[Setup]
; Never change the AppId: upgrades and uninstall find the installed copy by it.
AppId={{6F4B8E8A-3C1D-4E37-9B8B-52D1C7A0E9F4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ReturnStation
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesEnvironment=yes
CloseApplications=yes
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-Setup-{#AppVersion}
SetupIconFile=..\icons\returnstation.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Code signing: define a sign tool named "signtool" in the Inno Setup IDE (Tools > Configure Sign Tools)
; or pass /Ssigntool="signtool.exe sign /fd SHA256 /tr <timestamp URL> /td SHA256 /a $f" to iscc,
; then uncomment the next line: the setup and the uninstaller are signed as they are written.
;SignTool=signtool

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Dirs]
; Clerks are not administrators, yet the station must write its database, labels and reports here.
Name: "{commonappdata}\{#AppName}"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{commonappdata}\{#AppName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{commonappdata}\{#AppName}"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: string; ValueName: "RETURNSTATION_CONFIG"; \
  ValueData: "{commonappdata}\{#AppName}\returnstation.toml"; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; \
  Flags: nowait postinstall skipifsilent

[Code]
const
  SelfTestLog = 'selftest.log';

function ConfigText(): String;
var
  DataDir: String;
begin
  DataDir := ExpandConstant('{commonappdata}\{#AppName}');
  { TOML literal strings ('...') take Windows paths without escaping. }
  Result :=
    '# ReturnStation settings for this PC, shared by every user (written once by the installer).' + #13#10 +
    '# Environment variables RETURNSTATION_<KEY> override these; see the README for all keys.' + #13#10 +
    'data_dir = ''' + DataDir + '''' + #13#10 +
    '# station = "bench-1"             # default: the computer name' + #13#10 +
    '# printer = "tcp://zebra-bench1:9100" # default: PDF files in <data_dir>\labels' + #13#10 +
    '# database_url = "postgresql+psycopg://user@server/returnstation"  # several benches, one DB' + #13#10 +
    'demo_data = "no"                  # a real bench starts with an empty database' + #13#10;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  ConfigFile, LogFile, Params: String;
  ResultCode: Integer;
begin
  if CurStep <> ssPostInstall then
    Exit;
  ConfigFile := ExpandConstant('{commonappdata}\{#AppName}\returnstation.toml');
  if not FileExists(ConfigFile) then
    SaveStringToFile(ConfigFile, ConfigText(), False);
  { Prove the installed copy works (Qt plugins, decoders, database, labels) before anyone relies on it. }
  LogFile := ExpandConstant('{commonappdata}\{#AppName}\' + SelfTestLog);
  Params := '/C ""' + ExpandConstant('{app}\{#CliExe}') + '" --self-test > "' + LogFile + '" 2>&1"';
  if Exec(ExpandConstant('{cmd}'), Params, ExpandConstant('{app}'), SW_HIDE, ewWaitUntilTerminated, ResultCode)
     and (ResultCode <> 0) and not WizardSilent() then
    MsgBox('ReturnStation was installed, but its self-test found a problem.' + #13#10 +
           'Details: ' + LogFile, mbError, MB_OK);
end;
