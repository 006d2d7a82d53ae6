<#
.SYNOPSIS
  Installs and runs KeyWatch as a STANDARD user whose profile path has Chinese characters
  (C:\Users\护士测试...), as on a hospital PC. Run elevated (the CI runner is an administrator): it
  creates the local user, then does everything else in that user's own logon (Start-Process -Credential
  with its profile loaded), never elevated.

  Checks, as that user: msiexec /i /qn succeeds without admin rights; keywatch-cli.exe --version and
  check --json run from C:\Users\护士测试\AppData\Local\Programs\KeyWatch; nothing JNA/usb4java is
  unpacked into the user's %TEMP%; the Run value names KeyWatch.exe; msiexec /x /qn cleans up.
#>
param([string]$Msi = '')
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $MyInvocation.MyCommand.Path))
if (-not $Msi) { $Msi = (Get-ChildItem (Join-Path $root 'target\packaging-win') -Filter '*.msi' | Select-Object -First 1).FullName }
$logs = Join-Path $root 'target\packaging-win\logs\standard-user'
New-Item -ItemType Directory -Force -Path $logs | Out-Null
# Readable by the new user: the MSI and the logs folder.
$shared = 'C:\kw-shared'
New-Item -ItemType Directory -Force -Path $shared | Out-Null
Copy-Item $Msi (Join-Path $shared 'KeyWatch.msi')
icacls $shared /grant 'Users:(OI)(CI)M' | Out-Null

$name = '护士测试'
$password = ConvertTo-SecureString ('Kw!' + [guid]::NewGuid().ToString('N').Substring(0, 12)) -AsPlainText -Force
if (-not (Get-LocalUser -Name $name -ErrorAction SilentlyContinue)) {
  New-LocalUser -Name $name -Password $password -PasswordNeverExpires | Out-Null
} else { Set-LocalUser -Name $name -Password $password }
Add-LocalGroupMember -Group 'Users' -Member $name -ErrorAction SilentlyContinue
$cred = New-Object System.Management.Automation.PSCredential(".\$name", $password)

# The user's part: one script, run in the user's logon with its profile (created on first use).
$userScript = Join-Path $shared 'as-user.ps1'
@'
$ErrorActionPreference = 'Continue'
$out = 'C:\kw-shared\result.txt'
function Say([string]$s) { Add-Content -Encoding UTF8 -Path $out -Value $s }
Say "profile=$env:USERPROFILE"
Say "admin=$(([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole('Administrators'))"
$p = Start-Process msiexec.exe -ArgumentList @('/i', 'C:\kw-shared\KeyWatch.msi', '/qn', '/l*v', 'C:\kw-shared\install.log') -Wait -PassThru
Say "install=$($p.ExitCode)"
$dir = Join-Path $env:LOCALAPPDATA 'Programs\KeyWatch'
Say "dir=$dir"
$v = & (Join-Path $dir 'keywatch-cli.exe') --version 2>&1
Say "version=$LASTEXITCODE $v"
& (Join-Path $dir 'keywatch-cli.exe') check --json 2>&1 | Out-Null
Say "check=$LASTEXITCODE"
& (Join-Path $dir 'keywatch-cli.exe') diagnose --out (Join-Path $env:TEMP 'kw-diag.zip') 2>&1 | Out-Null
$unpacked = @(Get-ChildItem -Path $env:TEMP -Recurse -ErrorAction SilentlyContinue | Where-Object { $_.Name -match 'jna|jnidispatch|usb4java' })
Say "unpacked=$($unpacked.Count)"
Say "run=$((Get-ItemProperty 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Run' -Name KeyWatch -ErrorAction SilentlyContinue).KeyWatch)"
$p = Start-Process msiexec.exe -ArgumentList @('/x', 'C:\kw-shared\KeyWatch.msi', '/qn', '/l*v', 'C:\kw-shared\uninstall.log') -Wait -PassThru
Say "uninstall=$($p.ExitCode)"
Say "removed=$(-not (Test-Path (Join-Path $dir 'keywatch-cli.exe')))"
'@ | Set-Content -Encoding UTF8 -Path $userScript
Remove-Item (Join-Path $shared 'result.txt') -ErrorAction SilentlyContinue
$p = Start-Process powershell.exe -Credential $cred -LoadUserProfile -Wait -PassThru -WorkingDirectory $shared `
  -ArgumentList @('-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $userScript)
Copy-Item (Join-Path $shared '*.log') $logs -ErrorAction SilentlyContinue
$lines = Get-Content -Encoding UTF8 (Join-Path $shared 'result.txt') -ErrorAction SilentlyContinue
$r = @{}
foreach ($l in $lines) { $k, $v = $l -split '=', 2; $r[$k] = $v; Write-Host "    $l" }

$script:failures = 0
function Check([bool]$Ok, [string]$What) { if ($Ok) { Write-Host "PASS $What" } else { Write-Host "FAIL $What"; $script:failures++ } }
Check ("$($r['profile'])" -like "*$name*") "profile path has Chinese characters: $($r['profile'])"
Check ($r['admin'] -eq 'False') 'runs as a standard user'
Check ($r['install'] -in @('0', '3010')) "per-user install without admin rights ($($r['install']))"
Check ("$($r['version'])" -like '0 *') "keywatch-cli --version from the Chinese path: $($r['version'])"
Check ($r['check'] -match '^\d+$' -and [int]$r['check'] -lt 64) "check --json ran (exit $($r['check']); no BJCA here)"
Check ($r['unpacked'] -eq '0') "nothing JNA/usb4java unpacked into the user's %TEMP% ($($r['unpacked']))"
Check ("$($r['run'])" -like "*$name*KeyWatch.exe*") "Run value names KeyWatch.exe under the Chinese profile: $($r['run'])"
Check ($r['uninstall'] -in @('0', '3010') -and $r['removed'] -eq 'True') 'silent uninstall as the user'
Remove-LocalUser -Name $name -ErrorAction SilentlyContinue
if ($script:failures -gt 0) { exit 1 }
Write-Host 'standard-user checks passed'
