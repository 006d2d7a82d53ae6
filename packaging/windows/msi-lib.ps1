<#
  Helpers for the MSI test scripts (dot-sourced): an MSI's properties and the versions of KeyWatch
  installed for this user, both through Windows Installer's own COM API.
#>
function Invoke-Com($Object, [string]$Member, [string]$Kind, [object[]]$Arguments) {
  return $Object.GetType().InvokeMember($Member, $Kind, $null, $Object, $Arguments)
}
function Release-Com([object[]]$Objects) {
  foreach ($o in $Objects) { if ($null -ne $o) { [Runtime.InteropServices.Marshal]::ReleaseComObject($o) | Out-Null } }
}

# A row of the MSI's Property table (ProductVersion, UpgradeCode...), or $null.
function Get-MsiProperty([string]$MsiPath, [string]$Name) {
  $installer = New-Object -ComObject WindowsInstaller.Installer
  $db = Invoke-Com $installer 'OpenDatabase' 'InvokeMethod' @($MsiPath, 0)
  $view = Invoke-Com $db 'OpenView' 'InvokeMethod' @("SELECT ``Value`` FROM ``Property`` WHERE ``Property`` = '$Name'")
  Invoke-Com $view 'Execute' 'InvokeMethod' @() | Out-Null
  $rec = Invoke-Com $view 'Fetch' 'InvokeMethod' @()
  $value = $null
  if ($null -ne $rec) { $value = Invoke-Com $rec 'StringData' 'GetProperty' @(1) }
  Invoke-Com $view 'Close' 'InvokeMethod' @() | Out-Null
  Release-Com @($rec, $view, $db, $installer)
  return $value
}

# The versions of the installed products that share this MSI's upgrade code (KeyWatch, any version).
function Get-InstalledVersions([string]$MsiPath) {
  $upgradeCode = Get-MsiProperty $MsiPath 'UpgradeCode'
  $installer = New-Object -ComObject WindowsInstaller.Installer
  $codes = Invoke-Com $installer 'RelatedProducts' 'GetProperty' @($upgradeCode)
  $versions = @()
  $count = Invoke-Com $codes 'Count' 'GetProperty' @()
  for ($i = 0; $i -lt $count; $i++) {
    $code = Invoke-Com $codes 'Item' 'GetProperty' @($i)
    $versions += "$(Invoke-Com $installer 'ProductInfo' 'GetProperty' @($code, 'VersionString'))"
  }
  Release-Com @($codes, $installer)
  return $versions
}
