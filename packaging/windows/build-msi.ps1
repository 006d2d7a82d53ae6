<#
.SYNOPSIS
  Builds the per-user KeyWatch MSI (installs without admin rights) from target\keywatch.jar.

.DESCRIPTION
  1. Smallest JDK module set: jdeps plus packaging\extra-modules.txt; jlink runtime.
  2. jpackage app-image with two launchers: KeyWatch.exe (the tray, no console window) and
     keywatch-cli.exe (console, for IT's scripts: keywatch-cli.exe check --json); jnidispatch.dll
     in app\native, JNA pointed at it (nothing unpacked into %TEMP% at run time).
  3. Embeds native-config\keywatch.manifest (asInvoker, PerMonitorV2 DPI awareness) into both
     launchers with the Windows SDK's mt.exe, replacing jpackage's default manifest.
  4. AppCDS archive trained by running keywatch-cli.exe (check --json against the embedded
     simulator when the jar has it, else --version), wired into both launchers' .cfg files.
  5. jpackage MSI from that app-image: per-user, Start-menu entry, desktop shortcut, fixed upgrade
     UUID, no directory chooser, packaging\windows\resources\main.wxs adding the HKCU Run value and
     re-recording the AppCDS archive in the install folder (JDK 17 archives are path-bound).

  Needs: JDK 17 (jlink, jpackage), WiX Toolset 3.x (candle.exe/light.exe on PATH or under %WIX%),
  Windows 10 SDK (mt.exe). Output: target\packaging-win\KeyWatch-<version>.msi

.EXAMPLE
  ./mvnw -B package; powershell -ExecutionPolicy Bypass -File packaging\windows\build-msi.ps1
#>
param(
  [string]$Jar = '',
  [string]$OutDir = '',
  # Overrides the jar's version (the workflow builds an older and a newer MSI to test upgrades).
  [string]$AppVersion = '',
  [switch]$NoCds
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$packaging = Split-Path -Parent $here
$root = Split-Path -Parent $packaging
if (-not $Jar) { $Jar = Join-Path $root 'target\keywatch.jar' }
if (-not $OutDir) { $OutDir = Join-Path $root 'target\packaging-win' }
# .NET file calls below resolve relative paths against the process, not PowerShell's location.
$Jar = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Jar)
$OutDir = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutDir)

# Never change: Windows Installer recognises upgrades of KeyWatch by this code.
$UpgradeUuid = '406B61FD-0FC9-4D2D-B667-EB7694F3B168'
$Name = 'KeyWatch'
$MainClass = 'io.keywatch.cli.Main'
$Manifest = Join-Path $root 'native-config\keywatch.manifest'

function Fail([string]$Message) {
  [Console]::Error.WriteLine("build-msi: $Message")
  exit 1
}
function Step([string]$Message) { Write-Host "==> $Message" }

function Find-Tool([string]$Tool, [string]$Hint) {
  if ($env:JAVA_HOME -and (Test-Path (Join-Path $env:JAVA_HOME "bin\$Tool.exe"))) {
    return (Join-Path $env:JAVA_HOME "bin\$Tool.exe")
  }
  $cmd = Get-Command $Tool -ErrorAction SilentlyContinue
  if ($cmd) { return $cmd.Source }
  Fail "'$Tool' not found: $Hint"
}

function Invoke-Native([string]$Exe, [string[]]$Arguments) {
  & $Exe @Arguments
  if ($LASTEXITCODE -ne 0) { Fail "$(Split-Path -Leaf $Exe) failed with exit code $LASTEXITCODE" }
}

function Read-List([string]$File) {
  Get-Content -Encoding UTF8 $File | ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ }
}

function Read-JarEntry([string]$JarPath, [string]$Entry) {
  Add-Type -AssemblyName System.IO.Compression.FileSystem
  $zip = [IO.Compression.ZipFile]::OpenRead($JarPath)
  try {
    $e = $zip.GetEntry($Entry)
    if (-not $e) { return $null }
    $reader = New-Object IO.StreamReader($e.Open())
    try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
  } finally { $zip.Dispose() }
}

function Save-JarEntry([string]$JarPath, [string]$Entry, [string]$Target) {
  Add-Type -AssemblyName System.IO.Compression.FileSystem
  $zip = [IO.Compression.ZipFile]::OpenRead($JarPath)
  try {
    $e = $zip.GetEntry($Entry)
    if (-not $e) { Fail "$Entry not found in $JarPath" }
    [IO.Compression.ZipFileExtensions]::ExtractToFile($e, $Target, $true)
  } finally { $zip.Dispose() }
}

# Rows of the MSI's Shortcut table as "Name|Target" (Windows Installer's own COM API).
function Invoke-Msi($Object, [string]$Method, [object[]]$Arguments) {
  return $Object.GetType().InvokeMember($Method, 'InvokeMethod', $null, $Object, $Arguments)
}
# Takes an open database: a second handle on the same file (read-only beside the transacted one
# that edits it) can fail with a sharing violation or keep the file open past Commit.
function Get-MsiShortcuts($Db) {
  $view = Invoke-Msi $Db 'OpenView' @('SELECT `Shortcut`, `Name`, `Target` FROM `Shortcut`')
  Invoke-Msi $view 'Execute' @() | Out-Null
  $rows = @()
  while ($rec = Invoke-Msi $view 'Fetch' @()) {
    $get = { param($i) $rec.GetType().InvokeMember('StringData', 'GetProperty', $null, $rec, @($i)) }
    $rows += [pscustomobject]@{ Id = (& $get 1); Name = (& $get 2); Target = (& $get 3) }
    [Runtime.InteropServices.Marshal]::ReleaseComObject($rec) | Out-Null
  }
  Invoke-Msi $view 'Close' @() | Out-Null
  [Runtime.InteropServices.Marshal]::ReleaseComObject($view) | Out-Null
  return $rows
}

function Add-JavaOptions([string]$Cfg, [string[]]$Options) {
  $lines = Get-Content -Encoding UTF8 $Cfg
  $out = New-Object System.Collections.Generic.List[string]
  foreach ($line in $lines) {
    $out.Add($line)
    if ($line -eq '[JavaOptions]') { foreach ($o in $Options) { $out.Add("java-options=$o") } }
  }
  # No byte-order mark: the launcher must see '[Application]' as the first bytes.
  [IO.File]::WriteAllLines($Cfg, $out)
}

# ---------------------------------------------------------------- tools
$java = Find-Tool 'java' 'install JDK 17 or set JAVA_HOME'
$jdeps = Find-Tool 'jdeps' 'install a full JDK 17 (not a JRE) or set JAVA_HOME'
$jlink = Find-Tool 'jlink' 'install a full JDK 17 (not a JRE) or set JAVA_HOME'
$jpackage = Find-Tool 'jpackage' 'install a full JDK 17 (not a JRE) or set JAVA_HOME'

# `java --version` prints to stdout (stderr lines would be error records in Windows PowerShell).
$javaVersion = [regex]::Match(((& $java --version) -join "`n"), '^\S+ (\d+)').Groups[1].Value
if ($javaVersion -ne '17') {
  Fail "JDK 17 needed (resources\main.wxs mirrors JDK 17's jpackage and WiX 3), found $javaVersion at $java"
}
if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue) -and $env:WIX -and (Test-Path (Join-Path $env:WIX 'bin\candle.exe'))) {
  $env:PATH = (Join-Path $env:WIX 'bin') + ';' + $env:PATH
}
if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue) -or -not (Get-Command light.exe -ErrorAction SilentlyContinue)) {
  Fail 'WiX Toolset 3.x not found (candle.exe, light.exe): install it (https://wixtoolset.org, v3.14) and put its bin folder on PATH or set WIX'
}
$kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
$mt = Get-ChildItem -Path $kits -Recurse -Filter mt.exe -ErrorAction SilentlyContinue |
  Where-Object { $_.FullName -match '\\x64\\mt\.exe$' } | Sort-Object FullName -Descending | Select-Object -First 1
if (-not $mt) { Fail "mt.exe not found under ${kits}: install the Windows 10 SDK" }
if (-not (Test-Path $Jar)) { Fail "$Jar not found: run ./mvnw -B package first (or pass -Jar)" }

$manifestText = Read-JarEntry $Jar 'META-INF/MANIFEST.MF'
$version = '0.0.0'
if ($manifestText -match 'Implementation-Version:\s*([^\r\n]+)') { $version = $Matches[1].Trim() }
if ($AppVersion) { $version = $AppVersion }
$pkgVersion = ([regex]::Match($version, '^\d+(\.\d+){0,2}')).Value
if (-not $pkgVersion) { Fail "version '$version' from $Jar is not numeric" }
$hasSimulator = $null -ne (Read-JarEntry $Jar 'io/keywatch/sim/BjcaSimulator.class')

if (Test-Path $OutDir) { Remove-Item -Recurse -Force $OutDir }
$inputDir = Join-Path $OutDir 'input'
New-Item -ItemType Directory -Force -Path $inputDir | Out-Null
Copy-Item $Jar (Join-Path $inputDir 'keywatch.jar')

# ---------------------------------------------------------------- 1. modules and runtime
Step 'module set (jdeps)'
$detected = (& $jdeps --multi-release 17 --ignore-missing-deps --print-module-deps $Jar | Select-Object -Last 1).Trim()
if ($LASTEXITCODE -ne 0 -or -not $detected) { Fail "jdeps could not list the modules of $Jar" }
$extra = Read-List (Join-Path $packaging 'extra-modules.txt')
$modules = (($detected -split ',') + $extra | Where-Object { $_ } | Sort-Object -Unique) -join ','
Write-Host "    $modules"
Set-Content -Path (Join-Path $OutDir 'modules.txt') -Value $modules

Step 'jlink runtime'
$runtime = Join-Path $OutDir 'runtime'
Invoke-Native $jlink @('--add-modules', $modules, '--strip-debug', '--no-header-files', '--no-man-pages',
  '--compress=2', '--include-locales=en,zh', '--generate-cds-archive', '--output', $runtime)

# ---------------------------------------------------------------- 2. app-image
Step 'jpackage app-image'
$imageRoot = Join-Path $OutDir 'image'
$javaOptions = @()
foreach ($o in Read-List (Join-Path $packaging 'jvm-options.txt')) { $javaOptions += @('--java-options', $o) }
Invoke-Native $jpackage (@('--type', 'app-image', '--name', $Name, '--app-version', $pkgVersion,
    '--input', $inputDir, '--main-jar', 'keywatch.jar', '--main-class', $MainClass,
    '--runtime-image', $runtime, '--dest', $imageRoot, '--vendor', 'KeyWatch',
    '--description', 'BJCA USB key watchdog',
    '--add-launcher', ('keywatch-cli=' + (Join-Path $here 'keywatch-cli.properties'))) + $javaOptions)
$image = Join-Path $imageRoot $Name
$gui = Join-Path $image "$Name.exe"
$cli = Join-Path $image 'keywatch-cli.exe'
# runtime\bin\javaw.exe: the MSI's AppCDS custom action runs it in the install folder.
foreach ($f in @($gui, $cli, (Join-Path $image "app\$Name.cfg"), (Join-Path $image 'app\keywatch-cli.cfg'),
    (Join-Path $image 'runtime\bin\javaw.exe'))) {
  if (-not (Test-Path $f)) { Fail "jpackage did not produce $f" }
}

# ---------------------------------------------------------------- 2b. native libraries in the app folder
# JNA would unpack jnidispatch.dll into %TEMP% at every start: AppLocker / software-restriction
# policies block that on hospital images, and user names outside the ANSI code page break it. The
# DLL from the same jar goes into app\native and the launchers point JNA at it; jna.nosys and
# jna.noclasspath make a missing DLL an error instead of a silent extraction. usb4java is never
# loaded on Windows (SetupAPI and device notifications instead), so nothing of it is shipped.
# jna.nounpack: without it JNA still creates %TEMP%\jna-<hash> at every start, to sweep old copies.
Step 'native libraries (app\native)'
$native = Join-Path $image 'app\native'
New-Item -ItemType Directory -Force -Path $native | Out-Null
Save-JarEntry $Jar 'com/sun/jna/win32-x86-64/jnidispatch.dll' (Join-Path $native 'jnidispatch.dll')
$nativeOptions = @('-Djna.boot.library.path=$APPDIR\native', '-Djna.nosys=true', '-Djna.noclasspath=true', '-Djna.nounpack=true')
Add-JavaOptions (Join-Path $image "app\$Name.cfg") $nativeOptions
Add-JavaOptions (Join-Path $image 'app\keywatch-cli.cfg') $nativeOptions

# ---------------------------------------------------------------- 3. manifest
Step "manifest (asInvoker, PerMonitorV2) with $($mt.FullName)"
foreach ($exe in @($gui, $cli)) {
  # Resource #1 is the application manifest; this replaces the one jpackage's launcher carries.
  Invoke-Native $mt.FullName @('-nologo', '-manifest', $Manifest, "-outputresource:$exe;#1")
}
& $cli --version
if ($LASTEXITCODE -ne 0) { Fail 'keywatch-cli.exe --version fails after embedding the manifest' }

# ---------------------------------------------------------------- 4. AppCDS
if (-not $NoCds) {
  Step 'AppCDS archive'
  $jsa = Join-Path $image 'app\keywatch.jsa'
  $work = Join-Path $OutDir 'cds-train'
  New-Item -ItemType Directory -Force -Path $work | Out-Null
  $train = @('--version')
  $sim = $null
  if ($hasSimulator) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $bjca = Join-Path $work 'bjca'
    New-Item -ItemType Directory -Force -Path $bjca | Out-Null
    $sim = Start-Process -FilePath $java -PassThru -NoNewWindow -RedirectStandardOutput (Join-Path $work 'sim.out') `
      -RedirectStandardError (Join-Path $work 'sim.err') `
      -ArgumentList @('-cp', "`"$Jar`"", 'io.keywatch.sim.BjcaSimulator', '--port', "$port", '--bjca-folder', "`"$bjca`"")
    $up = $false
    for ($i = 0; $i -lt 100 -and -not $up; $i++) {
      try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $c.Close(); $up = $true } catch { Start-Sleep -Milliseconds 200 }
    }
    if ($up) {
      $config = Join-Path $work 'config.json'
      $text = (Get-Content -Raw (Join-Path $packaging 'smoke-config.json.template')).Replace('@PORT@', "$port").Replace('@BJCA_FOLDER@', ($bjca -replace '\\', '/'))
      [IO.File]::WriteAllText($config, $text)
      $train = @('check', '--json', '--config', $config)
    } else {
      Write-Host '    simulator did not start; training with --version only'
    }
  }
  try {
    $env:JAVA_TOOL_OPTIONS = "-XX:ArchiveClassesAtExit=$jsa"
    & $cli @train | Out-Null
  } finally {
    Remove-Item Env:\JAVA_TOOL_OPTIONS -ErrorAction SilentlyContinue
    if ($sim -and -not $sim.HasExited) { Stop-Process -Id $sim.Id -Force }
  }
  if (-not (Test-Path $jsa)) { Fail "no CDS archive written by keywatch-cli.exe $($train -join ' ')" }
  # JVM warnings (e.g. a stale archive) must never land on stdout, in the middle of check --json.
  $cdsOptions = @('-XX:SharedArchiveFile=$APPDIR\keywatch.jsa', '-Xshare:auto', '-Xlog:all=off:stdout', '-Xlog:all=warning:stderr')
  Add-JavaOptions (Join-Path $image "app\$Name.cfg") $cdsOptions
  Add-JavaOptions (Join-Path $image 'app\keywatch-cli.cfg') $cdsOptions
  & $cli --version
  if ($LASTEXITCODE -ne 0) { Fail 'keywatch-cli.exe fails once the CDS archive is wired in' }
}

# ---------------------------------------------------------------- 5. MSI
Step 'jpackage msi'
# resources\main.wxs reads the launchers' JVM options from overrides.wxi, generated here so that
# packaging\jvm-options.txt stays the only place they are written down.
$wixResources = Join-Path $OutDir 'wix-resources'
Copy-Item -Recurse (Join-Path $here 'resources') $wixResources
$jvmOptionsLine = (Read-List (Join-Path $packaging 'jvm-options.txt')) -join ' '
$overrides = @(
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Include>',
  "  <?define KeyWatchJvmOptions=`"$jvmOptionsLine`" ?>",
  "  <?define KeyWatchMainClass=`"$MainClass`" ?>",
  '  <?define KeyWatchCdsSeconds="120" ?>',
  '</Include>')
[IO.File]::WriteAllLines((Join-Path $wixResources 'overrides.wxi'), $overrides)
Invoke-Native $jpackage @('--type', 'msi', '--app-image', $image, '--name', $Name, '--app-version', $pkgVersion,
  '--dest', $OutDir, '--vendor', 'KeyWatch', '--description', 'BJCA USB key watchdog',
  '--win-per-user-install', '--win-menu', '--win-menu-group', 'KeyWatch', '--win-shortcut',
  '--win-upgrade-uuid', $UpgradeUuid, '--install-dir', 'Programs\KeyWatch',
  '--resource-dir', $wixResources)
$msi = Get-ChildItem -Path $OutDir -Filter '*.msi' | Select-Object -First 1
if (-not $msi) { Fail "jpackage produced no .msi in $OutDir" }

# ---------------------------------------------------------------- 6. shortcuts: KeyWatch only
# JDK 17's jpackage gives every added launcher the --win-shortcut/--win-menu shortcuts (the
# launcher properties win-shortcut/win-menu exist only from JDK 18 on; keywatch-cli.properties sets
# them for later JDKs). Nurses must not get a "keywatch-cli" icon that opens a console tray: its
# rows leave the Shortcut table (their components keep only a harmless registry key path).
Step 'shortcuts (KeyWatch only)'
$installer = New-Object -ComObject WindowsInstaller.Installer
# One handle, opened transacted (1): read, delete, commit, read again.
$db = Invoke-Msi $installer 'OpenDatabase' @($msi.FullName, 1)
try {
  foreach ($row in @(Get-MsiShortcuts $db)) {
    if ($row.Name -match 'keywatch-cli') {
      $del = Invoke-Msi $db 'OpenView' @("DELETE FROM ``Shortcut`` WHERE ``Shortcut`` = '$($row.Id)'")
      Invoke-Msi $del 'Execute' @() | Out-Null
      Invoke-Msi $del 'Close' @() | Out-Null
      [Runtime.InteropServices.Marshal]::ReleaseComObject($del) | Out-Null
      Write-Host "    removed shortcut $($row.Name)"
    }
  }
  Invoke-Msi $db 'Commit' @() | Out-Null
  $left = @(Get-MsiShortcuts $db | ForEach-Object { ($_.Name -split '\|')[-1] } | Sort-Object -Unique)
} finally {
  [Runtime.InteropServices.Marshal]::ReleaseComObject($db) | Out-Null
  [Runtime.InteropServices.Marshal]::ReleaseComObject($installer) | Out-Null
}
if (($left -join ',') -ne 'KeyWatch') { Fail "MSI shortcuts should be exactly KeyWatch, are: $($left -join ', ')" }
Write-Host "done: $($msi.FullName)"
