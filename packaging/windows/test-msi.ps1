<#
.SYNOPSIS
  Installs the KeyWatch MSI silently for the current user (no admin), checks what IT relies on,
  and uninstalls it silently again. Used by .github/workflows/windows.yml after build-msi.ps1.

  Checks: msiexec /i /qn succeeds; keywatch-cli.exe --version runs from the install folder; the
  HKCU Run value starts KeyWatch.exe; the Start-menu entry exists; KeyWatch.exe carries the asInvoker
  manifest; shortcuts exist for KeyWatch only (Start menu and desktop, none for keywatch-cli);
  jnidispatch.dll ships in app\native and nothing JNA/usb4java is unpacked into %TEMP%;
  msiexec /x /qn removes program files and the Run value; KEYWATCH_AUTOSTART=0 skips it, and a
  later `autostart on` value is still removed by the uninstall. With -OlderMsi: the older MSI over
  the newer one is refused (downgrade) and the newer one stays installed, alone; the newer over the
  older upgrades and keeps the user's choice, `autostart off` as well as on.
#>
param(
  [string]$Msi = '',
  # An MSI of an OLDER version (build-msi.ps1 -AppVersion): then also tests upgrade and downgrade.
  [string]$OlderMsi = ''
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$root = Split-Path -Parent (Split-Path -Parent $here)
. (Join-Path $here 'msi-lib.ps1')
if (-not $Msi) { $Msi = (Get-ChildItem (Join-Path $root 'target\packaging-win') -Filter '*.msi' | Select-Object -First 1).FullName }
if (-not $Msi -or -not (Test-Path $Msi)) { [Console]::Error.WriteLine('test-msi: no MSI: run build-msi.ps1 first'); exit 1 }

$script:failures = 0
function Check([bool]$Ok, [string]$What) {
  if ($Ok) { Write-Host "PASS $What" } else { Write-Host "FAIL $What"; $script:failures++ }
}
function Msiexec([string[]]$Arguments, [string]$Log) {
  $p = Start-Process -FilePath msiexec.exe -ArgumentList ($Arguments + @('/qn', '/l*v', "`"$Log`"")) -Wait -PassThru
  return $p.ExitCode
}
$runKey = 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Run'
function RunValue { (Get-ItemProperty -Path $runKey -Name KeyWatch -ErrorAction SilentlyContinue).KeyWatch }
function InstallDir {
  foreach ($d in @((Join-Path $env:LOCALAPPDATA 'Programs\KeyWatch'), (Join-Path $env:LOCALAPPDATA 'KeyWatch'))) {
    if (Test-Path (Join-Path $d 'keywatch-cli.exe')) { return $d }
  }
  return $null
}
$logs = Join-Path $root 'target\packaging-win\logs'
New-Item -ItemType Directory -Force -Path $logs | Out-Null

# 1. default install
$rc = Msiexec @('/i', "`"$Msi`"") (Join-Path $logs 'install.log')
Check ($rc -eq 0 -or $rc -eq 3010) "msiexec /i /qn exit code $rc"
$dir = InstallDir
Check ($null -ne $dir) "installed per user under %LOCALAPPDATA% ($dir)"
if ($dir) {
  $version = & (Join-Path $dir 'keywatch-cli.exe') --version
  Check ($LASTEXITCODE -eq 0 -and "$version") "keywatch-cli.exe --version: $version"
  $run = RunValue
  Check ("$run" -eq "`"$(Join-Path $dir 'KeyWatch.exe')`"") "HKCU Run value KeyWatch = $run"
  $menu = Get-ChildItem -Path (Join-Path $env:APPDATA 'Microsoft\Windows\Start Menu\Programs') -Recurse -Filter 'KeyWatch*.lnk' -ErrorAction SilentlyContinue
  Check ($null -ne $menu) 'Start-menu entry'
  $exeBytes = [IO.File]::ReadAllBytes((Join-Path $dir 'KeyWatch.exe'))
  $exeText = [Text.Encoding]::ASCII.GetString($exeBytes)
  Check ($exeText.Contains('asInvoker') -and $exeText.Contains('PerMonitorV2')) 'KeyWatch.exe manifest: asInvoker, PerMonitorV2'
  # Shortcuts: exactly KeyWatch.lnk in the Start menu group and on the desktop, nothing for keywatch-cli.
  $startMenu = Join-Path $env:APPDATA 'Microsoft\Windows\Start Menu\Programs'
  $links = @(Get-ChildItem -Path $startMenu, ([Environment]::GetFolderPath('Desktop')) -Recurse -Filter '*.lnk' -ErrorAction SilentlyContinue |
    Where-Object { $_.Name -like 'KeyWatch*' -or $_.Name -like 'keywatch*' } | ForEach-Object { $_.Name } | Sort-Object)
  Check (($links -join ',') -eq 'KeyWatch.lnk,KeyWatch.lnk') "shortcuts exactly Start menu + desktop KeyWatch.lnk (found: $($links -join ', '))"
  Check (Test-Path (Join-Path $dir 'app\native\jnidispatch.dll')) 'jnidispatch.dll shipped in app\native'
  $tmp = Join-Path $logs 'tmp'
  New-Item -ItemType Directory -Force -Path $tmp | Out-Null
  $env:JAVA_TOOL_OPTIONS = "-Djava.io.tmpdir=$tmp"
  & (Join-Path $dir 'keywatch-cli.exe') diagnose --out (Join-Path $logs 'diag.zip') | Out-Null
  Remove-Item Env:\JAVA_TOOL_OPTIONS
  $unpacked = @(Get-ChildItem -Path $tmp -Recurse -ErrorAction SilentlyContinue | Where-Object { $_.Name -match 'jna|jnidispatch|usb4java' })
  Check ($unpacked.Count -eq 0) "nothing native unpacked into %TEMP% ($($unpacked.Count) found)"
  $env:JAVA_TOOL_OPTIONS = "-Xlog:class+load=info:file=$(Join-Path $logs 'classload.txt')"
  & (Join-Path $dir 'keywatch-cli.exe') --version | Out-Null
  Remove-Item Env:\JAVA_TOOL_OPTIONS
  if (Select-String -Quiet -Path (Join-Path $logs 'classload.txt') -Pattern 'io.keywatch.cli.Main source: shared objects file \(top\)') {
    Write-Host 'PASS AppCDS archive used after installation'
  } else {
    # Start-up time only; worth knowing, not worth failing the build.
    Write-Host '::warning::AppCDS archive not used after installation (relocated class path?)'
  }
}

# 2. silent uninstall
$rc = Msiexec @('/x', "`"$Msi`"") (Join-Path $logs 'uninstall.log')
Check ($rc -eq 0 -or $rc -eq 3010) "msiexec /x /qn exit code $rc"
Check ($null -eq (InstallDir)) 'program files removed'
Check ($null -eq (RunValue)) 'HKCU Run value removed'

# 3. IT opts out of start-at-login
$rc = Msiexec @('/i', "`"$Msi`"", 'KEYWATCH_AUTOSTART=0') (Join-Path $logs 'install-noautostart.log')
Check ($rc -eq 0 -or $rc -eq 3010) "msiexec /i KEYWATCH_AUTOSTART=0 exit code $rc"
Check ($null -eq (RunValue)) 'no Run value with KEYWATCH_AUTOSTART=0'
$rc = Msiexec @('/x', "`"$Msi`"") (Join-Path $logs 'uninstall-2.log')
Check ($rc -eq 0 -or $rc -eq 3010) "second uninstall exit code $rc"

# 4. autostart turned on later by the user (not by the MSI): the uninstall still removes the value
$rc = Msiexec @('/i', "`"$Msi`"", 'KEYWATCH_AUTOSTART=0') (Join-Path $logs 'install-3.log')
$dir = InstallDir
if ($dir) { & (Join-Path $dir 'keywatch-cli.exe') autostart on | Out-Null }
Check ($null -ne (RunValue)) "autostart on wrote the Run value: $(RunValue)"
Check ("$(RunValue)" -like '*KeyWatch.exe*' -and "$(RunValue)" -notlike '*keywatch-cli*') 'autostart on registers KeyWatch.exe, not keywatch-cli.exe'
$rc = Msiexec @('/x', "`"$Msi`"") (Join-Path $logs 'uninstall-3.log')
Check ($null -eq (RunValue)) 'uninstall removed the Run value written by autostart on'

if ($OlderMsi) {
  # 5. downgrade refused: newer installed, older tried
  $rc = Msiexec @('/i', "`"$Msi`"") (Join-Path $logs 'install-new.log')
  Check ($rc -eq 0 -or $rc -eq 3010) "newer MSI installed ($rc)"
  $rc = Msiexec @('/i', "`"$OlderMsi`"") (Join-Path $logs 'downgrade.log')
  Check ($rc -ne 0 -and $rc -ne 3010) "older MSI over the newer one refused (exit code $rc)"
  $newer = Get-MsiProperty $Msi 'ProductVersion'
  $installed = @(Get-InstalledVersions $Msi)
  Check (($installed -join ',') -eq $newer) "after the refused downgrade only $newer is installed (found: $($installed -join ', '))"
  $rc = Msiexec @('/x', "`"$Msi`"") (Join-Path $logs 'uninstall-new.log')

  # 6. upgrade keeps the user's choice: older installed, autostart off, newer installed over it
  $rc = Msiexec @('/i', "`"$OlderMsi`"") (Join-Path $logs 'install-old.log')
  & (Join-Path (InstallDir) 'keywatch-cli.exe') autostart off | Out-Null
  Check ($null -eq (RunValue)) 'autostart off before the upgrade'
  $rc = Msiexec @('/i', "`"$Msi`"") (Join-Path $logs 'upgrade.log')
  Check ($rc -eq 0 -or $rc -eq 3010) "upgrade exit code $rc"
  Check ($null -eq (RunValue)) 'the upgrade did not bring the Run value back'
  $installed = @(Get-InstalledVersions $Msi)
  Check (($installed -join ',') -eq $newer) "after the upgrade only $newer is installed (found: $($installed -join ', '))"
  $rc = Msiexec @('/x', "`"$Msi`"") (Join-Path $logs 'uninstall-upgraded.log')
  Check ($null -eq (InstallDir)) 'one uninstall removes the upgraded product'

  # 7. upgrade keeps autostart on: the old product's removal deletes its Run value, the new one writes it again
  $rc = Msiexec @('/i', "`"$OlderMsi`"") (Join-Path $logs 'install-old-2.log')
  Check ($null -ne (RunValue)) "the older MSI wrote the Run value: $(RunValue)"
  $rc = Msiexec @('/i', "`"$Msi`"") (Join-Path $logs 'upgrade-2.log')
  Check ($rc -eq 0 -or $rc -eq 3010) "upgrade with autostart on: exit code $rc"
  $dir = InstallDir
  Check ($null -ne $dir -and "$(RunValue)" -eq "`"$(Join-Path "$dir" 'KeyWatch.exe')`"") "the upgrade kept autostart on: $(RunValue)"
  $rc = Msiexec @('/x', "`"$Msi`"") (Join-Path $logs 'uninstall-upgraded-2.log')
  Check ($null -eq (RunValue)) 'the uninstall after that upgrade removed the Run value'
}

if ($script:failures -gt 0) { Write-Host "$($script:failures) check(s) failed; logs in $logs"; exit 1 }
Write-Host 'all MSI checks passed'
