<#
.SYNOPSIS
  Upgrades KeyWatch silently while the tray runs (files in use), as IT's software distribution does
  in the middle of a shift: install the older MSI, start KeyWatch.exe tray, msiexec /i newer /qn.
  Expects: msiexec returns 0 or 3010 (replacement at reboot) within the time bound (the CDS custom
  action is bounded, see WindowsCdsRecorder), no prompt (/qn), the product's version is the newer one.
#>
param([Parameter(Mandatory = $true)][string]$OlderMsi, [Parameter(Mandatory = $true)][string]$NewerMsi,
      [int]$LimitSeconds = 600)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$root = Split-Path -Parent (Split-Path -Parent $here)
. (Join-Path $here 'msi-lib.ps1')
$logs = Join-Path $root 'target\packaging-win\logs\upgrade-running'
New-Item -ItemType Directory -Force -Path $logs | Out-Null
$script:failures = 0
function Check([bool]$Ok, [string]$What) { if ($Ok) { Write-Host "PASS $What" } else { Write-Host "FAIL $What"; $script:failures++ } }
function Msiexec([string[]]$Arguments, [string]$Log, [int]$Seconds) {
  $p = Start-Process -FilePath msiexec.exe -ArgumentList ($Arguments + @('/qn', '/l*v', "`"$Log`"")) -PassThru
  if (-not $p.WaitForExit($Seconds * 1000)) { $p.Kill(); return -1 }
  return $p.ExitCode
}
$dir = Join-Path $env:LOCALAPPDATA 'Programs\KeyWatch'

$rc = Msiexec @('/i', "`"$OlderMsi`"") (Join-Path $logs 'install-old.log') $LimitSeconds
Check ($rc -eq 0 -or $rc -eq 3010) "older MSI installed ($rc)"
$tray = Start-Process -FilePath (Join-Path $dir 'KeyWatch.exe') -ArgumentList 'tray' -PassThru
# The tray holds keywatch.jar, the runtime's DLLs and keywatch.jsa open once its JVM is up.
$up = $false
for ($i = 0; $i -lt 120 -and -not $up; $i++) {
  $up = $null -ne (Get-Process -Id $tray.Id -ErrorAction SilentlyContinue) -and
        (Get-Process -Id $tray.Id).Modules.ModuleName -contains 'jvm.dll'
  if (-not $up) { Start-Sleep -Milliseconds 500 }
}
Check $up 'tray running with the JVM loaded (files in use)'

$started = Get-Date
$rc = Msiexec @('/i', "`"$NewerMsi`"") (Join-Path $logs 'upgrade.log') $LimitSeconds
$took = [int]((Get-Date) - $started).TotalSeconds
Check ($rc -eq 0 -or $rc -eq 3010) "silent upgrade while the tray runs: exit code $rc in $took s (limit $LimitSeconds s)"
$newer = Get-MsiProperty $NewerMsi 'ProductVersion'
$installed = @(Get-InstalledVersions $NewerMsi)
Check (($installed -join ',') -eq $newer) "only the newer KeyWatch ($newer) registered after the upgrade (found: $($installed -join ', '))"
# Whether Restart Manager closed the tray (and nobody restarted it) is worth knowing, not a failure yet.
$trayAfter = $null -ne (Get-Process -Id $tray.Id -ErrorAction SilentlyContinue)
$anyTray = @(Get-Process -Name KeyWatch -ErrorAction SilentlyContinue).Count
Write-Host "    after the upgrade: the tray started before it is $(if ($trayAfter) { 'still running' } else { 'gone' }); KeyWatch processes now: $anyTray"
if (-not $trayAfter -and $anyTray -eq 0) { Write-Host '::warning::the silent upgrade ended the tray and nothing restarted it' }

if (Get-Process -Id $tray.Id -ErrorAction SilentlyContinue) { Stop-Process -Id $tray.Id -Force }
$rc = Msiexec @('/x', "`"$NewerMsi`"") (Join-Path $logs 'uninstall.log') $LimitSeconds
Check ($rc -eq 0 -or $rc -eq 3010) "uninstall after the upgrade ($rc)"
if ($script:failures -gt 0) { exit 1 }
Write-Host 'upgrade-while-running checks passed'
